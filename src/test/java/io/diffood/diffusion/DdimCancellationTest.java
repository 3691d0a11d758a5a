package io.diffood.diffusion;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An abandoned trajectory (its request timed out, or its caller went away) stops costing denoiser work at the next
 * DDIM step, and its batch-mates come out exactly as they would alone.
 */
class DdimCancellationTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000, 1e-4, 0.02);
    private static final int SIZE = 16;
    private static final int STRIDE = 20;

    /** A deterministic stand-in for the network, row by row, that records how many rows each call carried. */
    private static final class CountingPredictor implements NoisePredictor {
        final List<Integer> rowsPerCall = new ArrayList<>();
        Runnable afterCall = () -> { };

        @Override
        public float[] predictNoise(float[] x, int[] t, int[] y) {
            rowsPerCall.add(t.length);
            float[] eps = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                eps[i] = 0.3f * x[i] + 1e-4f * t[i / SIZE];
            }
            afterCall.run();
            return eps;
        }
    }

    private static float[] image(float value) {
        float[] x = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            x[i] = value + 0.01f * i;
        }
        return x;
    }

    private static float[] noise(long seed) {
        return GaussianNoise.draws(seed, 1, SIZE)[0];
    }

    @Test
    void anAbandonedTrajectoryStopsAtTheNextStepAndItsBatchMateIsUnaffected() {
        DdimSampler sampler = new DdimSampler(SCHEDULE, STRIDE, 2.0, 10);
        int steps = sampler.stepsFrom(400, 0); // 20 model calls to bring a trajectory from t = 400 to 0
        AtomicBoolean timedOut = new AtomicBoolean();
        Trajectory abandoned = Trajectory.noised(SCHEDULE, image(0.2f), noise(1), 400, 3, timedOut::get, 0);
        Trajectory mate = Trajectory.noised(SCHEDULE, image(-0.4f), noise(2), 400, 5, () -> false, 0);

        CountingPredictor model = new CountingPredictor();
        int cancelAfter = 3;
        model.afterCall = () -> {
            if (model.rowsPerCall.size() == cancelAfter) {
                timedOut.set(true); // the request times out while the third step runs
            }
        };
        int calls = sampler.denoise(List.of(abandoned, mate), model);

        assertEquals(steps, calls, "the batch-mate still needs every step");
        List<Integer> expected = new ArrayList<>();
        for (int call = 1; call <= steps; call++) {
            expected.add(call <= cancelAfter ? 4 : 2); // both guidance halves of two trajectories, then of one
        }
        assertEquals(expected, model.rowsPerCall, "denoiser rows per call");
        int abandonedEvaluations = 2 * cancelAfter;
        assertEquals(2 * steps + abandonedEvaluations, model.rowsPerCall.stream().mapToInt(Integer::intValue).sum());
        assertTrue(abandoned.abandoned());
        assertEquals(400 - cancelAfter * STRIDE, abandoned.t, "the abandoned trajectory stopped where it was");
        assertTrue(mate.done());

        Trajectory alone = Trajectory.noised(SCHEDULE, image(-0.4f), noise(2), 400, 5, () -> false, 0);
        sampler.denoise(List.of(alone), new CountingPredictor());
        assertArrayEquals(alone.image(), mate.image(), "the batch-mate's result is what it would be alone");
    }

    @Test
    void aTrajectoryAbandonedBeforeItStartsCostsNothing() {
        DdimSampler sampler = new DdimSampler(SCHEDULE, STRIDE, 0.0, 10);
        Trajectory gone = Trajectory.noised(SCHEDULE, image(0.1f), noise(3), 240, 1, () -> true, 0);
        CountingPredictor model = new CountingPredictor();
        assertEquals(0, sampler.denoise(List.of(gone), model));
        assertEquals(List.of(), model.rowsPerCall);
    }
}
