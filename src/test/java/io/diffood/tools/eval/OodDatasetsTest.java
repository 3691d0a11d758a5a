package io.diffood.tools.eval;

import io.diffood.model.ImageShape;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
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
