package io.diffood.tools.train;

/**
 * Optimisation settings of one training run: Adam or SGD with Nesterov momentum, a linear warmup, a constant
 * phase and a cosine decay to zero over the last {@code decayShare} of the steps (1: cosine right after the warmup),
 * L2 weight decay on the convolution and dense kernels, plus an exponential moving average of the weights (the
 * exported weights; decay 0 exports the trained weights themselves).
 */
record Hyperparameters(long steps, int batch, double learningRate, long warmupSteps, double emaDecay, long seed,
        Optimizer optimizer, double weightDecay, double decayShare) {

    /** Adam (beta 0.9, 0.999) or SGD with Nesterov momentum 0.9. */
    enum Optimizer {
        adam, sgd
    }

    static final double MOMENTUM = 0.9;

    /** The demo models' settings: Adam, no weight decay, cosine decay over the last 30 % of the steps. */
    static Hyperparameters adam(long steps, int batch, double learningRate, long warmupSteps, double emaDecay,
            long seed) {
        return new Hyperparameters(steps, batch, learningRate, warmupSteps, emaDecay, seed, Optimizer.adam, 0, 0.3);
    }

    double learningRate(long step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        long decayStart = Math.max(warmupSteps, Math.round(steps * (1 - decayShare)));
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

    /** For model cards. */
    String describe() {
        String rule = optimizer == Optimizer.adam ? String.format("Adam lr %.1e", learningRate)
                : String.format("SGD, Nesterov momentum %.1f, lr %.2g", MOMENTUM, learningRate);
        return String.format("%s, %d warmup steps, %s; L2 weight decay %.1e on kernels; %s", rule, warmupSteps,
                decayShare >= 1 ? "then cosine decay to 0" : String.format("constant, cosine decay over the last %.0f%%"
                        + " of steps", 100 * decayShare), weightDecay,
                emaDecay > 0 ? String.format("exported weights are the EMA (decay %.3f)", emaDecay)
                        : "exported weights are the trained ones");
    }
}
