package io.diffood.tools.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of the MNIST family (MNIST, Fashion-MNIST, notMNIST in IDX form): unsigned
 * byte images (magic 2051) and labels (magic 2049), gzip-compressed or plain.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final String INSTALL_HINT =
            "install the Debian package dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist)";

    private IdxReader() {
    }

    public static IdxImages readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC);
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] pixels = new byte[Math.multiplyExact(count, Math.multiplyExact(rows, cols))];
            in.readFully(pixels);
            return new IdxImages(count, rows, cols, pixels);
        }
    }

    /** Labels as unsigned bytes (0..255; class indices for the MNIST family). */
    public static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC);
            byte[] labels = new byte[in.readInt()];
            in.readFully(labels);
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found: " + file + "; " + INSTALL_HINT);
        }
        // buffered by GZIPInputStream's inflater; a plain file gets its own buffer
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16)
                : new BufferedInputStream(raw, 1 << 16);
        return new DataInputStream(in);
    }

    private static void checkMagic(Path file, int magic, int expected) throws IOException {
        if (magic != expected) {
            throw new IOException(String.format("%s: IDX magic %d, expected %d", file, magic, expected));
        }
    }
}
