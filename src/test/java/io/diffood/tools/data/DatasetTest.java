package io.diffood.tools.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diffood.model.ImageShape;
import io.diffood.owndata.ColourImages;
import io.diffood.testing.TestImages;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the user's labelled images: the class rule, what is skipped and counted, and what is refused. */
class DatasetTest {

    @Test
    void classesAreTheSubFoldersInNameOrderAndTheArchiveReadsTheSame(@TempDir Path dir) throws IOException {
        Path folder = ColourImages.folder(dir.resolve("images"), 4, 1);
        Dataset fromFolder = Dataset.read(folder, null, "train", null);
        Path archive = ColourImages.archive(folder, dir.resolve("images.tar.gz"), "deep/prefix");
        Dataset fromArchive = Dataset.read(archive, null, "train", null);

        assertEquals(ColourImages.CLASSES, fromFolder.classes());
        assertEquals(new ImageShape(32, 32, 3), fromFolder.shape());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, fromFolder.labels());
        assertEquals(fromFolder.classes(), fromArchive.classes());
        assertArrayEquals(fromFolder.labels(), fromArchive.labels());
        assertArrayEquals(fromFolder.pixels(), fromArchive.pixels());
    }

    @Test
    void nestedFoldersBelongToTheirClass(@TempDir Path dir) throws IOException {
        Path folder = ColourImages.folder(dir, 2, 2);
        Path nested = Files.createDirectories(folder.resolve("reds/more"));
        Files.write(nested.resolve("x.png"), ColourImages.png(ColourImages.image(2, 32, 32, new Random(3))));
        Dataset data = Dataset.read(folder, null, "train", null);
        assertEquals(ColourImages.CLASSES, data.classes());
        assertEquals(3, java.util.Arrays.stream(data.labels()).filter(l -> l == 2).count());
    }

    @Test
    void mixedSizesAndChannelsAreConvertedToTheMostCommonShape(@TempDir Path dir) throws IOException {
        Path folder = ColourImages.folder(dir, 3, 4);
        BufferedImage grey = new BufferedImage(40, 20, BufferedImage.TYPE_BYTE_GRAY);
        Files.write(folder.resolve("blues/grey.png"), ColourImages.png(grey));
        Files.write(folder.resolve("greens/big.jpg"), TestImages.square(64, 64, "jpg"));
        Dataset data = Dataset.read(folder, null, "train", null);
        assertEquals(new ImageShape(32, 32, 3), data.shape());
        assertEquals(11, data.count());
        @SuppressWarnings("unchecked")
        Map<String, Long> shapes = (Map<String, Long>) data.report().get("sourceShapes");
        assertEquals(Map.of("32x32x3", 9L, "20x40x1", 1L, "64x64x3", 1L), shapes);
        Dataset grey28 = Dataset.read(folder, new ImageShape(28, 28, 1), "train", null);
        assertEquals(new ImageShape(28, 28, 1), grey28.shape());
        assertEquals(11 * 28 * 28, grey28.pixels().length);
    }

    @Test
    void filesThatAreNotImagesAndImagesThatDoNotDecodeAreSkippedAndCounted(@TempDir Path dir) throws IOException {
        Path folder = ColourImages.folder(dir, 3, 5);
        Files.writeString(folder.resolve("reds/notes.txt"), "not an image");
        Files.writeString(folder.resolve("README"), "not an image either");
        Files.write(folder.resolve("greens/broken.png"), new byte[] {1, 2, 3, 4});
        Dataset data = Dataset.read(folder, null, "train", null);
        assertEquals(9, data.count());
        assertEquals(Map.of("count", 2, "first", List.of("README", "reds/notes.txt")),
                data.report().get("skippedNotImages"));
        @SuppressWarnings("unchecked")
        Map<String, Object> undecodable = (Map<String, Object>) data.report().get("skippedUndecodable");
        assertEquals(1, undecodable.get("count"));
        assertTrue(undecodable.get("first").toString().contains("greens/broken.png"));
    }

    @Test
    void oneClassIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Path only = Files.createDirectories(dir.resolve("images/cats"));
        Files.write(only.resolve("a.png"), ColourImages.png(ColourImages.image(0, 32, 32, new Random(1))));
        DataException e = assertThrows(DataException.class, () -> Dataset.read(dir.resolve("images"), null, "train", null));
        assertTrue(e.getMessage().contains("one class only (cats)"), e.getMessage());
    }

    @Test
    void imagesWithoutClassFoldersAreRefused(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a.png"), ColourImages.png(ColourImages.image(0, 32, 32, new Random(1))));
        DataException e = assertThrows(DataException.class, () -> Dataset.read(dir, null, "train", null));
        assertTrue(e.getMessage().contains("no class folder"), e.getMessage());
    }

    @Test
    void anEmptyClassFolderIsRefusedByName(@TempDir Path dir) throws IOException {
        Path folder = ColourImages.folder(dir, 2, 6);
        Files.createDirectories(folder.resolve("yellows"));
        Files.write(Files.createDirectories(folder.resolve("purples")).resolve("broken.jpg"), new byte[] {9});
        DataException e = assertThrows(DataException.class, () -> Dataset.read(folder, null, "train", null));
        assertTrue(e.getMessage().contains("purples, yellows"), e.getMessage());
        assertTrue(e.getMessage().contains("purples/broken.jpg"), "names the image that did not decode: " + e.getMessage());
    }

    @Test
    void aSourceWithoutImagesOrThatIsNoArchiveIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.txt"), "x");
        assertTrue(assertThrows(DataException.class, () -> Dataset.read(dir, null, "train", null)).getMessage()
                .contains("no PNG or JPEG images"));
        Path fake = Files.writeString(dir.resolve("fake.tar.gz"), "not gzip");
        assertTrue(assertThrows(DataException.class, () -> Dataset.read(fake, null, "train", null)).getMessage()
                .contains("not a readable .tar.gz"));
        assertThrows(DataException.class, () -> Dataset.read(dir.resolve("missing"), null, "train", null));
    }

    @Test
    void theSeededSplitIsReproducibleDisjointAndComplete() {
        DataSplit split = DataSplit.of(DataSplit.Rule.seeded, "0.1", 1000, 7);
        int[] validation = split.validationIndices(1000);
        int[] training = split.trainingIndices(1000);
        assertEquals(100, validation.length);
        assertEquals(900, training.length);
        assertArrayEquals(validation, DataSplit.of(DataSplit.Rule.seeded, "100", 1000, 7).validationIndices(1000));
        assertFalse(java.util.Arrays.equals(validation, DataSplit.of(DataSplit.Rule.seeded, "100", 1000, 8)
                .validationIndices(1000)));
        assertEquals(1000, java.util.stream.IntStream.concat(java.util.Arrays.stream(validation),
                java.util.Arrays.stream(training)).distinct().count());
        assertArrayEquals(new int[] {998, 999}, DataSplit.of(DataSplit.Rule.last, "2", 1000, 0).validationIndices(1000));
        assertThrows(DataException.class, () -> DataSplit.of(DataSplit.Rule.seeded, "1000", 1000, 1));
        assertThrows(DataException.class, () -> DataSplit.of(DataSplit.Rule.seeded, "many", 1000, 1));
    }
}
