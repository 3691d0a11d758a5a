package io.diffood.detect;

import io.diffood.score.Observation;
import io.diffood.score.vectorization.ReductionSupport;

import java.util.List;

/** The one-pass baselines on the classifier's raw logits z: MSP, max-logit and energy (temperature 1). */
public final class LogitDetector implements Detector {

    private enum Kind {
        MSP("msp", "1 - max softmax probability (Hendrycks and Gimpel 2017)"),
        MAX_LOGIT("maxLogit", "minus the largest logit (Hendrycks et al. 2022)"),
        ENERGY("energy", "minus logsumexp of the logits, the free energy (Liu et al. 2020)");

        final String name;
        final String description;

        Kind(String name, String description) {
            this.name = name;
            this.description = description;
        }
    }

    private final Kind kind;
    private final ReductionSupport reductions;

    private LogitDetector(Kind kind, ReductionSupport reductions) {
        this.kind = kind;
        this.reductions = reductions;
    }

    public static List<Detector> all(ReductionSupport reductions) {
        return List.of(new LogitDetector(Kind.MSP, reductions), new LogitDetector(Kind.MAX_LOGIT, reductions),
                new LogitDetector(Kind.ENERGY, reductions));
    }

    @Override
    public String name() {
        return kind.name;
    }

    @Override
    public String description() {
        return kind.description;
    }

    @Override
    public List<Integer> timesteps(List<Integer> ddpTimesteps) {
        return List.of();
    }

    @Override
    public boolean fitted() {
        return false;
    }

    @Override
    public double score(Observation o, List<Integer> ddpTimesteps) {
        float[] z = o.logits();
        float max = reductions.max(z, 0, z.length);
        float lse = reductions.logSumExp(z, 0, z.length);
        return switch (kind) {
            case MSP -> 1.0 - Math.exp(max - lse);
            case MAX_LOGIT -> -max;
            case ENERGY -> -lse;
        };
    }

    /** The classifier's softmax probability of its label: 1 - MSP score. */
    public static double confidence(float[] logits, ReductionSupport reductions) {
        return Math.exp(reductions.max(logits, 0, logits.length) - reductions.logSumExp(logits, 0, logits.length));
    }
}
