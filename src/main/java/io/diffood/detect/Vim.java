package io.diffood.detect;

/**
 * ViM (Wang et al. 2022) on top of {@link Residual}: alpha * residual - logsumexp(logits), i.e. the virtual logit minus
 * the energy. alpha = mean max-logit / mean residual on the training images puts both on the logit scale.
 */
public record Vim(Residual residual, double alpha) {

    public static final String NAME = "vim";

    public Vim {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        }
    }

    /** alpha from the training images' max logits and residual scores (same images, same order or not). */
    public static double fitAlpha(double[] trainingMaxLogits, double[] trainingResiduals) {
        return mean(trainingMaxLogits) / mean(trainingResiduals);
    }

    public double score(float[] features, float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(z - max);
        }
        return alpha * residual.score(features) - (max + Math.log(sum));
    }

    private static double mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no training values");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
