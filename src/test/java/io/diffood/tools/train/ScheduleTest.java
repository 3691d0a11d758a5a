package io.diffood.tools.train;

import io.diffood.diffusion.ScheduleSettings;
import io.diffood.diffusion.NoiseSchedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The noise schedule the scorer shares, and the training schedules of the step budget. */
class ScheduleTest {

    @Test
    void alphaBarFollowsTheLinearDdpmSchedule() {
        NoiseSchedule s = ScheduleSettings.DDPM_LINEAR.create();
        assertEquals(1 - 1e-4, s.alphaBar(0), 1e-12, "index 0 already includes beta_0");
        assertEquals((1 - 1e-4) * (1 - (1e-4 + 0.0199 / 999)), s.alphaBar(1), 1e-12);
        assertEquals(4.036e-5, s.alphaBar(999), 0.01e-5, "the value of the reference implementations");
        for (int t = 1; t < ScheduleSettings.DDPM_LINEAR.steps(); t++) {
            assertTrue(s.alphaBar(t) < s.alphaBar(t - 1));
        }
    }

    @Test
    void learningRateWarmsUpHoldsAndDecaysToZero() {
        Hyperparameters hp = Hyperparameters.adam(1000, 64, 1e-3, 100, 0.999, 1);
        assertEquals(1e-5, hp.learningRate(0), 1e-12);
        assertEquals(1e-3, hp.learningRate(99), 1e-12);
        assertEquals(1e-3, hp.learningRate(699), 1e-12);
        assertEquals(0.5e-3, hp.learningRate(850), 1e-12);
        assertTrue(hp.learningRate(999) < 1e-6);
        assertEquals(0, hp.emaDecay(0), 0, "the average starts at the first trained weights");
        assertEquals(0.999, hp.emaDecay(100_000), 0);
    }

    @Test
    void cosineRightAfterTheWarmupWhenTheWholeRunDecays() {
        Hyperparameters hp = new Hyperparameters(1100, 128, 0.1, 100, 0, 1, Hyperparameters.Optimizer.sgd, 5e-4, 1);
        assertEquals(0.1, hp.learningRate(99), 1e-12);
        assertEquals(0.1, hp.learningRate(100), 1e-12);
        assertEquals(0.05, hp.learningRate(600), 1e-12);
        assertTrue(hp.learningRate(1099) < 1e-5);
    }

    @Test
    void timestepsConcentrateBelowTheFocus() {
        SplittableRandom random = new SplittableRandom(1);
        int below = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            int t = DenoiserTask.sampleTimestep(random);
            assertTrue(t >= 0 && t < ScheduleSettings.DDPM_LINEAR.steps());
            if (t < DenoiserTask.FOCUS_T) {
                below++;
            }
        }
        double expected = DenoiserTask.FOCUS_SHARE + (1 - DenoiserTask.FOCUS_SHARE) * DenoiserTask.FOCUS_T / ScheduleSettings.DDPM_LINEAR.steps();
        assertEquals(expected, (double) below / n, 0.01);
    }
}
