package io.diffood.detect;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jacobi against matrices with known spectra, and A v = lambda v with orthonormal v on a random 128 x 128. */
class EigenDecompositionTest {

    @Test
    void twoByTwo() {
        EigenDecomposition e = EigenDecomposition.of(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, e.values(), 1e-14);
        double s = Math.sqrt(0.5);
        assertArrayEquals(new double[] {s, s}, sign(e.vectors()[0]), 1e-14);
        assertArrayEquals(new double[] {s, -s}, sign(e.vectors()[1]), 1e-14);
    }

    @Test
    void tridiagonalWithIrrationalEigenvalues() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        EigenDecomposition e = EigenDecomposition.of(a);
        assertArrayEquals(new double[] {3 + Math.sqrt(3), 3, 3 - Math.sqrt(3)}, e.values(), 1e-14);
        assertEigenpairs(a, e, 1e-14);
    }

    @Test
    void diagonalRepeatedAndTinyEigenvalues() {
        assertArrayEquals(new double[] {1, 1e-20, 0, -2}, EigenDecomposition.of(new double[][] {
                {0, 0, 0, 0}, {0, 1e-20, 0, 0}, {0, 0, -2, 0}, {0, 0, 0, 1}}).values(), 0);
        double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        EigenDecomposition e = EigenDecomposition.of(identity);
        assertArrayEquals(new double[] {1, 1, 1}, e.values(), 0);
        assertEigenpairs(identity, e, 0);
    }

    @Test
    void randomSymmetric128() {
        Random random = new Random(1);
        int n = 128;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = random.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        EigenDecomposition e = EigenDecomposition.of(a);
        for (int k = 1; k < n; k++) {
            assertTrue(e.values()[k - 1] >= e.values()[k], "descending");
        }
        double trace = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
            sum += e.values()[i];
        }
        assertEquals(trace, sum, 1e-10);
        assertEigenpairs(a, e, 1e-11);
    }

    @Test
    void inverseThroughTheDecomposition() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[][] inverse = EigenDecomposition.of(a).apply(x -> 1 / x);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double product = 0;
                for (int k = 0; k < 3; k++) {
                    product += a[i][k] * inverse[k][j];
                }
                assertEquals(i == j ? 1 : 0, product, 1e-14);
            }
        }
    }

    /** ||A v - lambda v|| and |v_i . v_j - delta_ij| within tol times the largest |lambda|. */
    private static void assertEigenpairs(double[][] a, EigenDecomposition e, double tol) {
        int n = a.length;
        double scale = Math.max(1, Math.abs(e.values()[0]));
        for (int k = 0; k < n; k++) {
            double[] v = e.vectors()[k];
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[i][j] * v[j];
                }
                assertEquals(e.values()[k] * v[i], av, tol * scale * n, "A v = lambda v, pair " + k);
            }
            for (int l = 0; l < n; l++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * e.vectors()[l][i];
                }
                assertEquals(k == l ? 1 : 0, dot, 1e-13 * n, "orthonormal " + k + ", " + l);
            }
        }
    }

    /** The vector with its first non-zero entry positive. */
    private static double[] sign(double[] v) {
        double s = v[0] != 0 ? Math.signum(v[0]) : Math.signum(v[1]);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = s * v[i];
        }
        return out;
    }
}
