package io.diffood.train;

import io.diffood.diffusion.NoiseSchedule;

/** The demo denoiser's noise schedule, the function's default: T = 1000 linear betas from 1e-4 to 0.02. */
final class DemoSchedule {

    static final int T = 1000;
    static final double BETA_START = 1e-4;
    static final double BETA_END = 0.02;

    private DemoSchedule() {
    }

    static NoiseSchedule create() {
        return NoiseSchedule.linear(T, BETA_START, BETA_END);
    }
}
