package io.diffood.score.vectorization;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The int8 dot products of both implementations against a long-arithmetic reference, bit for bit, on dimensions
 * that leave every kind of vector tail and row counts around the KNN k.
 */
class Int8DotProductTest {

    private static final int[] DIMS = {1, 7, 15, 16, 17, 33, 128, 130};
    private static final int[] ROWS = {1, 3, 49, 50, 51, 1000};

    private final ReductionSupport scalar = ReductionProvider.scalar();
    private final ReductionSupport panama = ReductionProvider.panama();

    @Test
    void randomCodesGiveExactlyTheReferenceDotProducts() {
        Random random = new Random(11);
        for (int dim : DIMS) {
            for (int rows : ROWS) {
                byte[] matrix = randomCodes(random, rows * dim);
                byte[] query = randomCodes(random, dim);
                assertBothExact(matrix, rows, dim, query);
            }
        }
    }

    @Test
    void extremeCodesGiveExactlyTheReferenceDotProducts() {
        for (int dim : DIMS) {
            for (int rows : ROWS) {
                byte[] matrix = new byte[rows * dim];
                byte[] query = new byte[dim];
                for (int i = 0; i < matrix.length; i++) {
                    matrix[i] = (byte) (i % 3 == 0 ? -127 : 127); // mixed signs at the bounds, and all +-127 rows
                }
                for (int i = 0; i < dim; i++) {
                    query[i] = (byte) (i % 2 == 0 ? 127 : -127);
                }
                assertBothExact(matrix, rows, dim, query);
                Arrays.fill(query, (byte) -127);
                assertBothExact(matrix, rows, dim, query);
            }
        }
    }

    @Test
    void largestDotProductDoesNotOverflow() {
        int dim = 4099;
        byte[] row = new byte[dim];
        Arrays.fill(row, (byte) -127);
        for (ReductionSupport r : new ReductionSupport[] {scalar, panama}) {
            int[] out = new int[1];
            r.int8DotProducts(row, 0, 1, dim, row, out);
            assertEquals(127 * 127 * dim, out[0]);
        }
    }

    @Test
    void aBlockOfRowsInsideTheMatrixIsWrittenToTheStartOfOut() {
        Random random = new Random(5);
        int dim = 33;
        byte[] matrix = randomCodes(random, 10 * dim);
        byte[] query = randomCodes(random, dim);
        for (ReductionSupport r : new ReductionSupport[] {scalar, panama}) {
            int[] out = new int[5];
            out[4] = 42;
            r.int8DotProducts(matrix, 6, 4, dim, query, out);
            for (int j = 0; j < 4; j++) {
                assertEquals(reference(matrix, 6 + j, dim, query), out[j]);
            }
            assertEquals(42, out[4], "past count");
        }
    }

    private void assertBothExact(byte[] matrix, int rows, int dim, byte[] query) {
        int[] expected = new int[rows];
        for (int r = 0; r < rows; r++) {
            expected[r] = reference(matrix, r, dim, query);
        }
        int[] viaScalar = new int[rows];
        int[] viaPanama = new int[rows];
        scalar.int8DotProducts(matrix, 0, rows, dim, query, viaScalar);
        panama.int8DotProducts(matrix, 0, rows, dim, query, viaPanama);
        assertArrayEquals(expected, viaScalar, "scalar, dim " + dim + ", rows " + rows);
        assertArrayEquals(expected, viaPanama, "panama, dim " + dim + ", rows " + rows);
    }

    private static int reference(byte[] matrix, int row, int dim, byte[] query) {
        long sum = 0;
        for (int i = 0; i < dim; i++) {
            sum += (long) matrix[row * dim + i] * query[i];
        }
        return Math.toIntExact(sum);
    }

    /** Uniform in [-127, 127]: the codes {@link Int8Quantizer} produces. */
    private static byte[] randomCodes(Random random, int n) {
        byte[] codes = new byte[n];
        for (int i = 0; i < n; i++) {
            codes[i] = (byte) (random.nextInt(255) - 127);
        }
        return codes;
    }
}
