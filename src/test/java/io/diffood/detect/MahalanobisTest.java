package io.diffood.detect;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distances on hand-computed two-class data, and finite scores when the covariance is singular. */
class MahalanobisTest {

    // two classes, a diamond around (0, 0) and one around (10, 0): shared covariance diag(0.5, 0.5)
    private static final float[][] DIAMONDS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {11, 0}, {9, 0}, {10, 1}, {10, -1}};
    private static final int[] LABELS = {0, 0, 0, 0, 1, 1, 1, 1};

    @Test
    void distanceToTheNearestClassMean() {
        Mahalanobis m = FeatureStatistics.fit(DIAMONDS, LABELS, 2).mahalanobis();
        // 1 / (0.5 + lambda) with lambda = 1e-6 * trace / D = 5e-7
        double weight = 1 / (0.5 + 5e-7);
        assertEquals(2 * weight, m.score(new float[] {1, 1}), 1e-12);
        assertEquals(2 * weight, m.score(new float[] {11, -1}), 1e-12);
        assertEquals(25 * weight, m.score(new float[] {5, 0}), 1e-9);
        assertEquals(0, m.score(new float[] {10, 0}), 0);
    }

    @Test
    void aConstantFeatureGivesFiniteScoresThatPunishLeavingIt() {
        float[][] features = new float[DIAMONDS.length][];
        for (int i = 0; i < features.length; i++) {
            features[i] = new float[] {DIAMONDS[i][0], DIAMONDS[i][1], 3};
        }
        Mahalanobis m = FeatureStatistics.fit(features, LABELS, 2).mahalanobis();
        double lambda = 1e-6 * 1.0 / 3; // trace 1 over 3 dimensions
        assertEquals(2 / (0.5 + lambda), m.score(new float[] {1, 1, 3}), 1e-9);
        double off = m.score(new float[] {1, 1, 3.01f});
        double expected = 2 / (0.5 + lambda) + Math.pow(3.01f - 3, 2) / lambda;
        assertEquals(expected, off, 1e-6 * expected);
        assertTrue(off > 100);
    }

    @Test
    void fewerImagesThanDimensionsStillScoreFinitely() {
        Random random = new Random(3);
        float[][] features = new float[4][20];
        for (float[] row : features) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        Mahalanobis m = FeatureStatistics.fit(features, new int[] {0, 1, 0, 1}, 2).mahalanobis();
        // sum_i d_i^T S^+ d_i = n trace(S^+ S) = n rank(S) = 4 * 2 for deviations d_i from the class means
        double sum = 0;
        for (float[] row : features) {
            sum += m.score(row);
        }
        assertEquals(8, sum, 1e-4);
        float[] outside = new float[20];
        outside[0] = 1;
        double score = m.score(outside);
        assertTrue(Double.isFinite(score) && score > 1e3, "score " + score);
    }

    @Test
    void aZeroCovarianceUsesTheShrinkageItself() {
        double[][] p = Mahalanobis.precision(new double[][] {{0, 0}, {0, 0}}, 1e-6);
        assertEquals(1e6, p[0][0], 1e-3);
        assertEquals(0, p[0][1], 0);
    }
}
