package io.diffood.detect;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** p-values against a brute-force count of the definition, thresholds equivalent to them, z-scores, histogram. */
class CalibrationTest {

    private static final double[] TIED = {3, 1, 2, 5, 2, 2, 3};

    @Test
    void pValueIsTheDefinitionIncludingTies() {
        Calibration c = Calibration.of(TIED);
        for (double s : new double[] {-1, 1, 1.5, 2, 2.0000001, 3, 4, 5, 6, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
            assertEquals(bruteForce(TIED, s), c.pValue(s), 0, "score " + s);
        }
        assertEquals(1.0, c.pValue(1));
        assertEquals(7.0 / 8, c.pValue(2)); // 1 + six scores >= 2
        assertEquals(4.0 / 8, c.pValue(2.5)); // 1 + three scores >= 2.5
        assertEquals(1.0 / 8, c.pValue(5.5));
        assertEquals(Double.NaN, c.pValue(Double.NaN));
    }

    @Test
    void pValuesOfRandomScoresWithManyTies() {
        Random random = new Random(7);
        double[] scores = new double[501];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextInt(40) / 4.0;
        }
        Calibration c = Calibration.of(scores);
        for (int i = 0; i < 2000; i++) {
            double s = random.nextInt(48) / 4.0 - 1 + (random.nextBoolean() ? 0 : 0.1);
            assertEquals(bruteForce(scores, s), c.pValue(s), 0, "score " + s);
        }
    }

    @Test
    void thresholdDecidesExactlyAsThePValue() {
        Random random = new Random(9);
        for (double[] scores : new double[][] {TIED, {4}, randomTied(random, 999), randomTied(random, 20)}) {
            Calibration c = Calibration.of(scores);
            double[] probes = probes(scores);
            for (double alpha : new double[] {1e-9, 0.001, 0.01, 0.05, 0.1, 1.0 / 8, 0.2, 0.25, 0.5, 0.999, 1}) {
                double t = c.threshold(alpha);
                for (double s : probes) {
                    assertEquals(c.pValue(s) < alpha, s > t, "alpha " + alpha + ", score " + s + ", threshold " + t);
                }
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, Calibration.of(TIED).threshold(1.0 / 8), "p >= 1/8 always");
        assertEquals(3, Calibration.of(TIED).threshold(0.3)); // p(s) < 0.3 needs at most one score >= s
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(TIED).threshold(0));
    }

    @Test
    void zScoreUsesTheSampleStandardDeviation() {
        Calibration c = Calibration.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, c.mean());
        assertEquals(Math.sqrt(5.0 / 3), c.std(), 1e-15);
        assertEquals(1.5 / Math.sqrt(5.0 / 3), c.zScore(4), 1e-15);
        Calibration flat = Calibration.of(new double[] {2, 2});
        assertEquals(0, flat.zScore(2));
        assertEquals(Double.POSITIVE_INFINITY, flat.zScore(3));
    }

    @Test
    void histogramCountsEveryScoreOnce() {
        Histogram h = Calibration.of(TIED).histogram(4);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, h.edges(), 0);
        assertArrayEquals(new int[] {1, 3, 2, 1}, h.counts());
        Histogram flat = Calibration.of(new double[] {2, 2, 2}).histogram(2);
        assertArrayEquals(new double[] {1.5, 2, 2.5}, flat.edges(), 0);
        assertArrayEquals(new int[] {0, 3}, flat.counts());
    }

    @Test
    void rejectsNoScoresAndNonFiniteOnes() {
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(new double[] {1, Double.NaN}));
    }

    @Test
    void fusions() {
        assertEquals(2, Fusion.meanOf(1, 3), 0);
        assertEquals(3, Fusion.maxOf(-1, 3, 2), 0);
        assertEquals(0, Fusion.fisher(1, 1), 0);
        assertEquals(-2 * Math.log(0.5 * 0.1), Fusion.fisher(0.5, 0.1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Fusion.fisher(0));
        assertThrows(IllegalArgumentException.class, Fusion::maxOf);
    }

    private static double bruteForce(double[] scores, double s) {
        int atLeast = 0;
        for (double v : scores) {
            if (v >= s) {
                atLeast++;
            }
        }
        return (1.0 + atLeast) / (scores.length + 1.0);
    }

    private static double[] randomTied(Random random, int n) {
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextInt(n / 3 + 1);
        }
        return scores;
    }

    /** Every score, its neighbours in double precision, midpoints and the infinities. */
    private static double[] probes(double[] scores) {
        double[] around = Arrays.stream(scores)
                .flatMap(v -> Arrays.stream(new double[] {v, Math.nextDown(v), Math.nextUp(v), v + 0.5}))
                .toArray();
        double[] probes = Arrays.copyOf(around, around.length + 2);
        probes[around.length] = Double.NEGATIVE_INFINITY;
        probes[around.length + 1] = Double.POSITIVE_INFINITY;
        return probes;
    }
}
