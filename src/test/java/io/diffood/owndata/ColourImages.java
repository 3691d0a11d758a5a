package io.diffood.owndata;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Generated labelled colour images: each class a dominant colour channel with a random bright blob on a noisy
 * background, so that a few training steps separate them; written as a folder with one sub-folder per class, or
 * as a {@code .tar.gz} of such a folder.
 */
public final class ColourImages {

    public static final List<String> CLASSES = List.of("blues", "greens", "reds");
    public static final int SIZE = 32;

    private ColourImages() {
    }

    /** {@code perClass} PNGs per class under {@code dir/<class>/}. */
    public static Path folder(Path dir, int perClass, long seed) {
        Random random = new Random(seed);
        try {
            for (int c = 0; c < CLASSES.size(); c++) {
                Path classDir = Files.createDirectories(dir.resolve(CLASSES.get(c)));
                for (int i = 0; i < perClass; i++) {
                    Files.write(classDir.resolve(String.format("%03d.png", i)), png(image(c, SIZE, SIZE, random)));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder's files packed under {@code prefix/} in a {@code .tar.gz}. */
    public static Path archive(Path folder, Path tarGz, String prefix) {
        try (OutputStream out = Files.newOutputStream(tarGz);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out));
                Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                byte[] bytes = Files.readAllBytes(file);
                TarArchiveEntry entry = new TarArchiveEntry(prefix + "/" + folder.relativize(file));
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
            return tarGz;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One image of class {@code c}: that colour channel bright in a blob, the others dim, plus noise. */
    public static BufferedImage image(int c, int width, int height, Random random) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int cx = random.nextInt(width);
        int cy = random.nextInt(height);
        double radius = width / 4.0 + random.nextInt(width / 4);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inside = Math.hypot(x - cx, y - cy) < radius;
                int rgb = 0;
                for (int k = 2; k >= 0; k--) { // k: 2 red, 1 green, 0 blue; class 0 blues, 1 greens, 2 reds
                    int base = k == c ? (inside ? 220 : 120) : 40;
                    rgb = rgb << 8 | Math.max(0, Math.min(255, base + (int) (random.nextGaussian() * 20)));
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
