package io.diffood.score.vectorization;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Vector API implementation against its scalar twin, on lengths that leave every kind of tail. */
class ReductionSupportTest {

    private static final int[] LENGTHS = {1, 2, 7, 15, 16, 17, 31, 33, 64, 100, 1000, 1023, 4099};

    private final ReductionSupport scalar = ReductionProvider.scalar();
    private final ReductionSupport panama = ReductionProvider.panama();

    @Test
    void providerPicksTheVectorImplementationWhenTheModuleIsThere() {
        assertTrue(ReductionProvider.get() instanceof WarmingReductionSupport);
    }

    /** The KNN scan runs the scalar loop while the vector kernel is cold, then the vector kernel: the same integers. */
    @Test
    void theWarmingScanSwitchesToTheVectorKernelWithTheSameResults() throws InterruptedException {
        WarmingReductionSupport warming = new WarmingReductionSupport(panama);
        Random random = new Random(5);
        int dim = 200;
        int rows = 300;
        byte[] matrix = new byte[rows * dim];
        byte[] query = new byte[dim];
        random.nextBytes(matrix);
        random.nextBytes(query);
        int[] expected = new int[rows];
        scalar.int8DotProducts(matrix, 0, rows, dim, query, expected);
        int[] out = new int[rows];
        warming.int8DotProducts(matrix, 0, rows, dim, query, out);
        assertArrayEquals(expected, out, "before the switch");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!warming.vectorCompiled() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(warming.vectorCompiled(), "the warm-up thread switched to the vector kernel within 30 s");
        Arrays.fill(out, 0);
        warming.int8DotProducts(matrix, 0, rows, dim, query, out);
        assertArrayEquals(expected, out, "after the switch");
    }

    @Test
    void bothImplementationsAgree() {
        Random random = new Random(3);
        for (int len : LENGTHS) {
            for (int off : new int[] {0, 3}) {
                float[] a = randomArray(random, off + len + 5, 4f);
                float[] b = randomArray(random, off + len + 5, 4f);
                close(scalar.l2Norm(a, off, len), panama.l2Norm(a, off, len), "l2Norm", len);
                close(scalar.l1Distance(a, off, b, 1, len), panama.l1Distance(a, off, b, 1, len), "l1Distance", len);
                close(scalar.max(a, off, len), panama.max(a, off, len), "max", len);
                close(scalar.logSumExp(a, off, len), panama.logSumExp(a, off, len), "logSumExp", len);
                float[] s1 = a.clone();
                float[] s2 = a.clone();
                scalar.normalize(s1, off, len);
                panama.normalize(s2, off, len);
                for (int i = 0; i < s1.length; i++) {
                    close(s1[i], s2[i], "normalize", len);
                }
            }
        }
    }

    @Test
    void maxIgnoresTheMaskedTailAndLogSumExpIsStable() {
        for (ReductionSupport r : new ReductionSupport[] {scalar, panama}) {
            float[] negative = {-5f, -3f, -4f, 100f}; // the element past len must not count
            assertEquals(-3f, r.max(negative, 0, 3));
            assertEquals(1000f + (float) Math.log(2), r.logSumExp(new float[] {1000f, 1000f}, 0, 2), 1e-3);
            float[] v = {3f, 4f};
            r.normalize(v, 0, 2);
            assertEquals(0.6f, v[0], 1e-6);
            assertEquals(0.8f, v[1], 1e-6);
        }
    }

    private static float[] randomArray(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    private static void close(float expected, float actual, String what, int len) {
        double tol = 1e-5 * Math.max(1.0, Math.abs(expected));
        assertEquals(expected, actual, tol, what + " at length " + len);
    }
}
