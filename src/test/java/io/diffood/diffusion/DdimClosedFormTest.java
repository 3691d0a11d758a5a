package io.diffood.diffusion;

import ai.djl.Device;
import io.diffood.model.Denoiser;
import io.diffood.model.ClassifierSpec;
import io.diffood.model.DenoiserSpec;
import io.diffood.testing.FixtureModels;
import io.diffood.testing.FixtureModelsResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DDIM through the real TensorFlow denoiser against its closed form. For x0 ~ N(0, s^2) the optimal predictor
 * is linear in x_t, so every DDIM step multiplies x_t by a number this test computes on its own.
 */
class DdimClosedFormTest {

    private static Denoiser denoiser;

    @BeforeAll
    static void load() {
        FixtureModelsResource.buildOnce();
        denoiser = Denoiser.load(DenoiserSpec.standard(FixtureModelsResource.DIR.resolve("denoiser")), Device.cpu());
    }

    @AfterAll
    static void close() {
        denoiser.close();
    }

    /** The factor that DDIM with stride s applies to x_t on its way from t to the clean image. */
    static double expectedFactor(int t, int stride) {
        double[] abar = FixtureModels.linearAlphaBar();
        double s2 = FixtureModels.DATA_STD * FixtureModels.DATA_STD;
        double factor = 1;
        for (int cur = t; cur > 0; cur -= stride) {
            double a = abar[cur];
            double aNext = cur - stride > 0 ? abar[cur - stride] : 1.0;
            double epsPerX = Math.sqrt(1 - a) / (a * s2 + 1 - a);
            double x0PerX = (1 - Math.sqrt(1 - a) * epsPerX) / Math.sqrt(a);
            factor *= Math.sqrt(aNext) * x0PerX + Math.sqrt(1 - aNext) * epsPerX;
        }
        return factor;
    }

    @Test
    void ddimMatchesClosedFormForEveryStartAndGuidance() {
        NoiseSchedule schedule = NoiseSchedule.linear(1000, 1e-4, 0.02);
        int size = FixtureModels.SIZE * FixtureModels.SIZE;
        int[] starts = {120, 240, 360, 999, 7};
        for (double guidance : new double[] {0.0, 2.0}) {
            DdimSampler sampler = new DdimSampler(schedule, 20, guidance, 10);
            float[][] xt = GaussianNoise.draws(11, starts.length, size);
            List<Trajectory> trajectories = new ArrayList<>();
            for (int i = 0; i < starts.length; i++) {
                trajectories.add(Trajectory.at(xt[i], starts[i], i % 11));
            }
            int calls = sampler.denoise(trajectories, denoiser);
            assertEquals(sampler.stepsFrom(999, 0), calls, "one batched call per DDIM step of the longest trajectory");
            for (int i = 0; i < starts.length; i++) {
                double factor = expectedFactor(starts[i], 20);
                float[] out = trajectories.get(i).image();
                assertTrue(trajectories.get(i).done());
                for (int k = 0; k < size; k++) {
                    assertEquals(factor * xt[i][k], out[k], 1e-4, "t=" + starts[i] + " pixel " + k + " w=" + guidance);
                }
            }
        }
    }

    @Test
    void closedFormApproachesTheProbabilityFlowMap() {
        // with many small steps DDIM tends to x0 = x_t * s / sqrt(abar s^2 + 1 - abar); guards the test's own algebra
        double a = FixtureModels.linearAlphaBar()[360];
        double s2 = FixtureModels.DATA_STD * FixtureModels.DATA_STD;
        double ode = Math.sqrt(s2) / Math.sqrt(a * s2 + 1 - a);
        assertEquals(ode, expectedFactor(360, 1), 2e-3);
    }

    @Test
    void forwardNoisingFollowsTheSchedule() {
        NoiseSchedule schedule = NoiseSchedule.linear(1000, 1e-4, 0.02);
        double abar = FixtureModels.linearAlphaBar()[240];
        Trajectory tr = Trajectory.noised(schedule, new float[] {1f, -1f}, new float[] {0.5f, 2f}, 240, 3);
        assertEquals(Math.sqrt(abar) + Math.sqrt(1 - abar) * 0.5, tr.image()[0], 1e-6);
        assertEquals(-Math.sqrt(abar) + Math.sqrt(1 - abar) * 2, tr.image()[1], 1e-6);
    }

    @Test
    void guidanceCombinesConditionalAndUnconditionalHalves() {
        NoiseSchedule schedule = NoiseSchedule.linear(1000, 1e-4, 0.02);
        // eps = 1 for the class, 0 for null: guided e = (1 + w) * 1 - w * 0 = 1 + w
        NoisePredictor byLabel = (x, t, y) -> {
            float[] eps = new float[x.length];
            int size = x.length / t.length;
            for (int i = 0; i < t.length; i++) {
                java.util.Arrays.fill(eps, i * size, (i + 1) * size, y[i] == 10 ? 0f : 1f);
            }
            return eps;
        };
        Trajectory tr = Trajectory.at(new float[] {0f}, 20, 1);
        new DdimSampler(schedule, 20, 3.0, 10).denoise(List.of(tr), byLabel);
        double a = schedule.alphaBar(20);
        assertEquals(-Math.sqrt(1 - a) * 4.0 / Math.sqrt(a), tr.image()[0], 1e-6);
    }

    @Test
    void cosineScheduleDecreasesFromNearlyOne() {
        NoiseSchedule cosine = NoiseSchedule.cosine(1000);
        assertTrue(cosine.alphaBar(0) > 0.999 && cosine.alphaBar(999) < 1e-3);
        for (int t = 1; t < 1000; t++) {
            assertTrue(cosine.alphaBar(t) < cosine.alphaBar(t - 1));
        }
    }
}
