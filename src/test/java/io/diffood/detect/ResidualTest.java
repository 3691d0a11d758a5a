package io.diffood.detect;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Training features in a plane of R^4: in-plane points have no residual, off-plane ones their distance to it. */
class ResidualTest {

    private static final double[] ORIGIN = {1, -2, 3, 0.5};
    private static final double[] U = unit(1, 1, 0, 0);
    private static final double[] V = unit(0, 0, 1, 1);
    private static final double[] NORMAL_1 = unit(1, -1, 0, 0);
    private static final double[] NORMAL_2 = unit(0, 0, 1, -1);

    @Test
    void inPlanePointsScoreZeroAndOffPlanePointsTheirDistance() {
        Random random = new Random(6);
        float[][] features = new float[300][];
        int[] labels = new int[300];
        for (int i = 0; i < features.length; i++) {
            features[i] = point(3 * random.nextGaussian(), random.nextGaussian(), 0, 0);
            labels[i] = i % 3;
        }
        Residual residual = FeatureStatistics.fit(features, labels, 3).residual();
        assertEquals(2, residual.principalDimension());
        assertEquals(0, residual.score(point(2, -5, 0, 0)), 1e-5);
        assertEquals(0, residual.score(point(-30, 7, 0, 0)), 1e-4);
        assertEquals(0.75, residual.score(point(2, -5, 0.75, 0)), 1e-5);
        assertEquals(5, residual.score(point(1, 1, 3, -4)), 1e-5);
    }

    @Test
    void principalDimensionZeroIsTheDistanceToTheMean() {
        float[][] features = {{0, 0}, {2, 0}, {0, 2}, {2, 2}};
        Residual residual = FeatureStatistics.fit(features, new int[4], 1, 1e-6, 0).residual();
        assertEquals(5, residual.score(new float[] {4, 5}), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> FeatureStatistics.fit(features, new int[4], 1, 1e-6, 2));
    }

    @Test
    void vimAddsTheScaledResidualToMinusTheEnergy() {
        Residual residual = new Residual(new float[] {0, 0}, new float[] {1, 0}, 2);
        Vim vim = new Vim(residual, Vim.fitAlpha(new double[] {4, 6}, new double[] {1, 1.5}));
        assertEquals(4, vim.alpha(), 1e-12);
        assertEquals(4 * 2 - (1 + Math.log(1 + Math.exp(-1))), vim.score(new float[] {7, 2}, new float[] {1, 0}), 1e-12);
    }

    private static float[] point(double a, double b, double c, double d) {
        float[] p = new float[4];
        for (int i = 0; i < 4; i++) {
            p[i] = (float) (ORIGIN[i] + a * U[i] + b * V[i] + c * NORMAL_1[i] + d * NORMAL_2[i]);
        }
        return p;
    }

    private static double[] unit(double... v) {
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3]);
        for (int i = 0; i < 4; i++) {
            v[i] /= norm;
        }
        return v;
    }
}
