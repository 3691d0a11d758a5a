package io.diffood.tools.train;

/**
 * Optimisation settings of one training run: Adam with a linear warmup, a constant phase and a
 * cosine decay over the last {@link #DECAY_SHARE} of the steps, plus an exponential moving average
 * of the weights (the exported weights).
 */
record Hyperparameters(long steps, int batch, double learningRate, long warmupSteps, double emaDecay, long seed) {

    static final double DECAY_SHARE = 0.3;

    double learningRate(long step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        long decayStart = Math.round(steps * (1 - DECAY_SHARE));
        if (step < decayStart) {
            return learningRate;
        }
        double progress = (double) (step - decayStart) / Math.max(1, steps - decayStart);
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    /** EMA decay ramps up from 0 so that the average is not dominated by the initial weights. */
    double emaDecay(long step) {
        return Math.min(emaDecay, (double) step / (step + 10));
    }
}
