package io.diffood.detect;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One fit gives three detectors that all rank held-out in-distribution features below features from elsewhere. */
class FeatureStatisticsTest {

    private static final int DIM = 32;
    private static final int CLASSES = 4;

    @Test
    void everyDetectorScoresHeldOutInDistributionBelowOutOfDistribution() {
        Random random = new Random(12);
        float[][] centres = new float[CLASSES][DIM];
        for (float[] centre : centres) {
            for (int j = 0; j < DIM; j++) {
                centre[j] = (float) (3 * random.nextGaussian());
            }
        }
        int n = 2000;
        float[][] train = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES;
            train[i] = sample(random, centres[labels[i]], 0.5);
        }
        FeatureStatistics statistics = FeatureStatistics.fit(train, labels, CLASSES);
        assertEquals(DIM / 2, statistics.residual().principalDimension());
        assertEquals(CLASSES, statistics.mahalanobis().classes());
        assertEquals(n, statistics.bank().rows());

        float[] origin = new float[DIM];
        List<FeatureDetector> detectors = statistics.detectors(20);
        assertEquals(List.of("knn", "mahalanobis", "residual"), detectors.stream().map(FeatureDetector::name).toList());
        for (FeatureDetector detector : detectors) {
            double worstInDistribution = Double.NEGATIVE_INFINITY;
            double bestOutOfDistribution = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 50; i++) {
                worstInDistribution = Math.max(worstInDistribution, detector.score(sample(random, centres[i % CLASSES], 0.5)));
                bestOutOfDistribution = Math.min(bestOutOfDistribution, detector.score(sample(random, origin, 3)));
            }
            assertTrue(worstInDistribution < bestOutOfDistribution,
                    detector.name() + ": " + worstInDistribution + " vs " + bestOutOfDistribution);
        }
    }

    @Test
    void rejectsEmptyClassesAndLabelsOutOfRange() {
        float[][] features = {{1, 2}, {3, 4}};
        assertThrows(IllegalArgumentException.class, () -> FeatureStatistics.fit(features, new int[] {0, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> FeatureStatistics.fit(features, new int[] {0, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> FeatureStatistics.fit(features, new int[] {0}, 1));
    }

    private static float[] sample(Random random, float[] centre, double spread) {
        float[] x = new float[centre.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (centre[j] + spread * random.nextGaussian());
        }
        return x;
    }
}
