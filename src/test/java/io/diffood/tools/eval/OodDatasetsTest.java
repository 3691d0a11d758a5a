package io.diffood.tools.eval;

import io.diffood.model.ImageShape;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OodDatasetsTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    /** shared/ lies beside the repository (work tree or CI clone). */
    private static final Path SHARED = Path.of("../shared/datasets");
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);

    @Test
    void samplesAreDistinctReproducibleAndPrefixesOfLargerSamples() {
        int[] a = OodDatasets.sample(1000, 50, new Random(3), OodDatasets.Split.TEST);
        int[] b = OodDatasets.sample(1000, 50, new Random(3), OodDatasets.Split.TEST);
        assertArrayEquals(a, b);
        Set<Integer> seen = new HashSet<>();
        for (int i : a) {
            assertTrue(i >= 0 && i < 1000);
            assertTrue(seen.add(i), "index " + i + " drawn twice");
        }
        // a larger sample with the same seed starts with the smaller one, so --tradeoff-samples can take a prefix
        assertArrayEquals(a, Arrays.copyOf(OodDatasets.sample(1000, 200, new Random(3), OodDatasets.Split.TEST), 50));
        assertEquals(10, OodDatasets.sample(10, 50, new Random(3), OodDatasets.Split.TEST).length);
    }

    @Test
    void validationSamplesNeverShareAnImageWithTestSamples() {
        int[] test = OodDatasets.sample(3520, 1000, new Random(5), OodDatasets.Split.TEST);
        int[] validation = OodDatasets.sample(3520, 2520, new Random(5), OodDatasets.Split.VALIDATION);
        Set<Integer> seen = new HashSet<>();
        Arrays.stream(test).forEach(seen::add);
        Arrays.stream(validation).forEach(i -> assertTrue(seen.add(i), "index " + i + " in both splits"));
        assertEquals(3520, seen.size());
    }

    @Test
    void validationSplitIsTheTailOfTrainNotTheTestSet() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "needs dataset-fashion-mnist");
        OodDatasets data = new OodDatasets(FASHION, SHARED, SHAPE, 0, OodDatasets.Split.TEST);
        ImageSet validation = data.inDistributionValidation(100);
        assertEquals(100, validation.size());
        for (String id : validation.ids()) {
            int index = Integer.parseInt(id.substring("train#".length()));
            assertTrue(id.startsWith("train#") && index >= 55_000 && index < 60_000, id);
        }
        assertTrue(data.inDistributionTest(10).ids().stream().allMatch(id -> id.startsWith("t10k#")));
    }

    @Test
    void everyOodSetIsConvertedToTheModelShapeAndRange() throws IOException {
        assumeTrue(Files.isDirectory(SHARED.resolve("omniglot")), "needs shared/datasets beside the repository");
        OodDatasets data = new OodDatasets(FASHION, SHARED, SHAPE, 0, OodDatasets.Split.TEST);
        for (String name : OodDatasets.OOD_SETS) {
            ImageSet set = data.ood(name, 20);
            assertEquals(20, set.size(), name);
            for (float[] image : set.images()) {
                assertEquals(SHAPE.size(), image.length, name);
                for (float v : image) {
                    // ImageConverter's float weights (area averaging, BT.601 luma) may overshoot 1 by rounding
                    assertTrue(v >= 0 && v <= 1 + 1e-5, name + " pixel " + v);
                }
            }
        }
        // Omniglot is black strokes on white: inverted, the background (most pixels) must be dark like Fashion-MNIST's
        assertTrue(mean(data.ood("omniglot", 20)) < 0.25, "Omniglot not inverted");
        assertEquals(3520, data.ood("omniglot", 1).available());
        assertEquals(10_000, data.ood("cifar10", 1).available());
    }

    @Test
    void texturesAreColourPhotosBroughtToTheModelSizeAndEachSplitTakesHalf() throws IOException {
        assumeTrue(Files.isDirectory(SHARED.resolve("textures_dtd")), "needs shared/datasets beside the repository");
        ImageShape colour = new ImageShape(32, 32, 3);
        ImageSet test = new OodDatasets(FASHION, SHARED, colour, 0, OodDatasets.Split.TEST).ood("textures", 1000);
        ImageSet validation = new OodDatasets(FASHION, SHARED, colour, 0, OodDatasets.Split.VALIDATION)
                .ood("textures", 1000);
        assertEquals(600, test.available());
        assertEquals(300, test.size(), "600 photos: at most half for each split");
        assertEquals(300, validation.size());
        Set<String> ids = new HashSet<>(test.ids());
        validation.ids().forEach(id -> assertTrue(ids.add(id), id + " in both splits"));
        assertEquals(colour.size(), test.images().get(0).length);
        double chroma = 0;
        for (float[] image : test.images()) {
            for (int p = 0; p < image.length; p += 3) {
                chroma += Math.abs(image[p] - image[p + 1]) + Math.abs(image[p + 1] - image[p + 2]);
            }
        }
        assertTrue(chroma / (test.size() * 1024.0) > 0.01, "colour, not grey: mean channel spread " + chroma);
    }

    @Test
    void jigsawShufflesTilesOfInDistributionImagesOutsideTheSample() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "needs dataset-fashion-mnist");
        OodDatasets data = new OodDatasets(FASHION, SHARED, SHAPE, 0, OodDatasets.Split.TEST);
        ImageSet in = data.inDistributionTest(50);
        ImageSet jigsaw = data.ood("jigsaw", 50);
        Set<String> sample = new HashSet<>(in.ids());
        jigsaw.ids().forEach(id -> assertTrue(id.startsWith("t10k#") && !sample.contains(id), id));
        ImageSet again = new OodDatasets(FASHION, SHARED, SHAPE, 0, OodDatasets.Split.TEST).ood("jigsaw", 50);
        assertEquals(jigsaw.ids(), again.ids());
        assertArrayEquals(jigsaw.images().get(7), again.images().get(7), "reproducible");
        // the same pixels in another order: equal sums, unequal images
        float[] tiles = jigsaw.images().get(0);
        int index = Integer.parseInt(jigsaw.ids().get(0).substring("t10k#".length()));
        float[] original = io.diffood.image.ImageConverter.toModelInput(new io.diffood.image.Pixels(28, 28, 1,
                io.diffood.tools.data.LabeledImages.load(FASHION, "t10k").images().unitFloats(index)), SHAPE);
        assertEquals(sum(original), sum(tiles), 1e-3);
        assertTrue(!Arrays.equals(original, tiles), "the tiles moved");
        assertEquals(List.of("mnist", "notmnist", "omniglot", "cifar10", "uniform-noise", "gaussian-noise"),
                data.defaultSets(), "the demo keeps its sets");
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    private static double mean(ImageSet set) {
        double sum = 0;
        for (float[] image : set.images()) {
            for (float v : image) {
                sum += v;
            }
        }
        return sum / (set.size() * (double) SHAPE.size());
    }
}
