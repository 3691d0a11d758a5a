package io.diffood.tools.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void readsFashionMnistTrainAndTest() throws IOException {
        LabeledImages train = LabeledImages.load(FASHION, "train");
        LabeledImages test = LabeledImages.load(FASHION, "t10k");

        assertEquals(60000, train.count());
        assertEquals(10000, test.count());
        for (LabeledImages split : new LabeledImages[] {train, test}) {
            assertEquals(28, split.images().rows());
            assertEquals(28, split.images().cols());
            assertEquals(split.count() * 28 * 28, split.images().pixels().length);
        }
        // the published first labels: ankle boot, T-shirt, T-shirt, dress, ... / ankle boot, pullover, trouser, ...
        assertArrayEquals(new byte[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(train.labels(), 10));
        assertArrayEquals(new byte[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, Arrays.copyOf(test.labels(), 10));
        int max = 0;
        for (int p = 0; p < 28 * 28; p++) {
            max = Math.max(max, train.images().pixel(0, p));
        }
        assertEquals(255, max, "pixels are unsigned bytes");
    }

    @Test
    void missingFileNamesThePathAndThePackage() {
        Path missing = Path.of("/nonexistent/train-images-idx3-ubyte.gz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.readImages(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void rejectsALabelFileReadAsImages() {
        IOException e = assertThrows(IOException.class,
                () -> IdxReader.readImages(FASHION.resolve("t10k-labels-idx1-ubyte.gz")));
        assertTrue(e.getMessage().contains("2049"), e.getMessage());
    }

    @Test
    void sha256OfAKnownString(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("abc.txt"), "abc", StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of(file));
    }
}
