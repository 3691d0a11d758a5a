package io.diffood.detect;

import io.diffood.score.vectorization.Neighbour;
import io.diffood.score.vectorization.ReductionProvider;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KNN similarities on hand-checked banks, and the scalar and Vector API scans agreeing bit for bit. */
class FeatureBankTest {

    private static final float R = (float) Math.sqrt(0.5);

    // row 4 repeats row 0 (a tie); row 5 is a zero vector; norms differ on purpose
    private final FeatureBank bank = FeatureBank.of(new float[][] {
            {2, 0}, {0, 1}, {R, R}, {-1, 0}, {5, 0}, {0, 0}}, new int[] {0, 1, 1, 0, 0, 1});

    @Test
    void neighboursAreOrderedBySimilarityWithTiesToTheLowerIndex() {
        List<Neighbour> nearest = bank.neighbours(new float[] {3, 0}, 4);
        assertEquals(List.of(0, 4, 2, 1), nearest.stream().map(Neighbour::index).toList());
        assertEquals(1.0, nearest.get(0).similarity(), 1e-6);
        assertEquals(nearest.get(0).similarity(), nearest.get(1).similarity());
        assertEquals(R, nearest.get(2).similarity(), 1e-6);
        assertEquals(0.0, nearest.get(3).similarity(), 0.0, "orthogonal, and the zero row ties with it but comes later");
    }

    @Test
    void kthSimilarityAndKnnScore() {
        float[] query = {3, 0};
        assertEquals(1.0, bank.kthSimilarity(query, 2), 1e-6);
        assertEquals(R, bank.kthSimilarity(query, 3), 1e-6);
        assertEquals(0.0, bank.kthSimilarity(query, 5), 0.0);
        assertEquals(-1.0, bank.kthSimilarity(query, 6), 1e-6);
        assertEquals(1.0, new Knn(bank, 6).score(query), 1e-6);
    }

    @Test
    void aKLargerThanTheBankMeansTheLastRow() {
        assertEquals(bank.kthSimilarity(new float[] {3, 1}, 6), bank.kthSimilarity(new float[] {3, 1}, 1000));
        assertEquals(6, bank.neighbours(new float[] {3, 1}, 1000).size());
    }

    @Test
    void aZeroQueryIsEquallyFarFromEverything() {
        assertEquals(0.0, bank.kthSimilarity(new float[] {0, 0}, 1), 0.0);
        assertEquals(List.of(0, 1, 2), bank.neighbours(new float[] {0, 0}, 3).stream().map(Neighbour::index).toList());
    }

    @Test
    void keepsLabelsAndRejectsMisfits() {
        assertEquals(1, bank.labels().orElseThrow()[5]);
        assertTrue(FeatureBank.of(new float[][] {{1}}).labels().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> bank.kthSimilarity(new float[] {1, 2, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> bank.kthSimilarity(new float[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureBank.of(new float[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> FeatureBank.ofCodes(new byte[5], new float[2], null, 2));
    }

    @Test
    void scalarAndVectorScansReturnIdenticalNeighbours() {
        Random random = new Random(8);
        for (int dim : new int[] {1, 7, 15, 16, 17, 33, 128, 130}) {
            for (int rows : new int[] {1, 3, 49, 50, 51, 1000, 2500}) {
                float[][] features = new float[rows][dim];
                for (int r = 0; r < rows; r++) {
                    if (r % 7 == 3) {
                        features[r] = features[r - 1].clone(); // duplicate rows tie exactly
                        continue;
                    }
                    for (int i = 0; i < dim; i++) {
                        features[r][i] = r % 11 == 5 ? (i % 2 == 0 ? 1e30f : -1e30f) : (float) random.nextGaussian();
                    }
                }
                float[] query = new float[dim];
                for (int i = 0; i < dim; i++) {
                    query[i] = (float) random.nextGaussian();
                }
                FeatureBank scalar = FeatureBank.of(features).using(ReductionProvider.scalar());
                FeatureBank panama = scalar.using(ReductionProvider.panama());
                assertEquals(scalar.neighbours(query, 50), panama.neighbours(query, 50), "dim " + dim + ", rows " + rows);
                assertEquals(Double.doubleToLongBits(scalar.kthSimilarity(query, 50)),
                        Double.doubleToLongBits(panama.kthSimilarity(query, 50)));
            }
        }
    }

    @Test
    void aBatchOfQueriesGivesWhatEachQueryGivesAlone() {
        Random random = new Random(10);
        float[][] features = new float[2500][17];
        float[][] queries = new float[5][17];
        for (float[][] matrix : new float[][][] {features, queries}) {
            for (float[] row : matrix) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) random.nextGaussian();
                }
            }
        }
        FeatureBank large = FeatureBank.of(features);
        double[] batch = large.kthSimilarities(queries, 50);
        for (int q = 0; q < queries.length; q++) {
            assertEquals(large.kthSimilarity(queries[q], 50), batch[q], 0.0);
        }
    }

    @Test
    void quantizedSimilaritiesStayCloseToFloatCosines() {
        Random random = new Random(9);
        int rows = 2000;
        int dim = 128;
        float[][] features = new float[rows][dim];
        for (float[] row : features) {
            for (int i = 0; i < dim; i++) {
                row[i] = (float) Math.abs(random.nextGaussian()); // non-negative, like ReLU features
            }
        }
        float[] query = features[17].clone();
        query[3] += 1;
        double[] cosines = new double[rows];
        for (int r = 0; r < rows; r++) {
            cosines[r] = cosine(features[r], query);
        }
        Arrays.sort(cosines);
        assertEquals(cosines[rows - 50], FeatureBank.of(features).kthSimilarity(query, 50), 2e-3);
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
