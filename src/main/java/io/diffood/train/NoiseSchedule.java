package io.diffood.train;

/**
 * DDPM forward process: T = 1000 linear betas from 1e-4 to 0.02, abar[t] = prod_{s<=t} (1 - beta_s)
 * for t in 0..T-1, and x_t = sqrt(abar[t]) x0 + sqrt(1 - abar[t]) noise (the scorer's convention).
 */
final class NoiseSchedule {

    static final int T = 1000;
    static final double BETA_START = 1e-4;
    static final double BETA_END = 0.02;

    private final double[] alphaBar = new double[T];

    NoiseSchedule() {
        double product = 1;
        for (int t = 0; t < T; t++) {
            product *= 1 - (BETA_START + (BETA_END - BETA_START) * t / (T - 1));
            alphaBar[t] = product;
        }
    }

    double alphaBar(int t) {
        return alphaBar[t];
    }
}
