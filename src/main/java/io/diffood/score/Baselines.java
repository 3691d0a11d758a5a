package io.diffood.score;

import io.diffood.score.vectorization.ReductionSupport;

/** Single-pass scores from the classifier's logits, signed like the DDP score: higher = more OOD. */
public record Baselines(double msp, double maxLogit, double energy) {

    /** MSP = 1 - max softmax, max-logit = -max z, energy = -logsumexp z (temperature 1). */
    public static Baselines of(float[] logits, int off, int len, ReductionSupport reductions) {
        float max = reductions.max(logits, off, len);
        float lse = reductions.logSumExp(logits, off, len);
        return new Baselines(1.0 - Math.exp(max - lse), -max, -lse);
    }
}
