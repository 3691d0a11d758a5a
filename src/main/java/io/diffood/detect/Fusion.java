package io.diffood.detect;

/**
 * Combinations of several detectors' scores once each is on a common scale: z-scores ({@link Calibration#zScore})
 * or conformal p-values ({@link Calibration#pValue}).
 */
public final class Fusion {

    private Fusion() {
    }

    public static double meanOf(double... zScores) {
        requireSome(zScores);
        double sum = 0;
        for (double z : zScores) {
            sum += z;
        }
        return sum / zScores.length;
    }

    public static double maxOf(double... zScores) {
        requireSome(zScores);
        double max = Double.NEGATIVE_INFINITY;
        for (double z : zScores) {
            max = Math.max(max, z);
        }
        return max;
    }

    /**
     * Fisher's statistic -2 sum ln p_i: higher = more OOD. With m independent uniform p-values it follows chi-squared
     * with 2m degrees of freedom; conformal p-values of detectors on the same image are not independent, so
     * calibrate the statistic itself on validation scores (a {@link Calibration} of it) rather than trust that law.
     */
    public static double fisher(double... pValues) {
        requireSome(pValues);
        double sum = 0;
        for (double p : pValues) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("p-value " + p + " outside (0, 1]");
            }
            sum += Math.log(p);
        }
        return -2 * sum;
    }

    private static void requireSome(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("nothing to combine");
        }
    }
}
