package io.diffood.detect;

import java.util.Arrays;

/**
 * A detector's scores on in-distribution validation images, and what they make of a new score: the conformal
 * p-value, the z-score, and the score threshold equivalent to a p-value level. Scores may be any finite values.
 */
public final class Calibration {

    private final double[] sorted;
    private final double mean;
    private final double std;

    private Calibration(double[] sorted) {
        this.sorted = sorted;
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        mean = sum / sorted.length;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        std = sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : 0;
    }

    /** From validation scores in any order (copied). */
    public static Calibration of(double[] validationScores) {
        if (validationScores.length == 0) {
            throw new IllegalArgumentException("no validation scores");
        }
        double[] sorted = validationScores.clone();
        for (double v : sorted) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("validation score " + v + " is not finite");
            }
        }
        Arrays.sort(sorted);
        return new Calibration(sorted);
    }

    public int size() {
        return sorted.length;
    }

    /** The validation scores, ascending. */
    public double[] sortedScores() {
        return sorted.clone();
    }

    public double mean() {
        return mean;
    }

    /** The sample standard deviation (n - 1); 0 for a single score. */
    public double std() {
        return std;
    }

    /** (1 + #{i : v_i >= s}) / (n + 1); NaN for a NaN score. */
    public double pValue(double score) {
        if (Double.isNaN(score)) {
            return Double.NaN;
        }
        return pValueOfCount(sorted.length - firstAtLeast(score));
    }

    /** (s - mean) / std; when std is 0 (all validation scores equal): 0 at the mean, else infinite with the sign of s - mean. */
    public double zScore(double score) {
        double deviation = score - mean;
        if (std == 0) {
            return deviation == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, deviation);
        }
        return deviation / std;
    }

    /**
     * The score threshold t with: pValue(s) < alpha exactly when s > t, for alpha in (0, 1]. It is a validation
     * score, or +infinity when no score reaches p < alpha (alpha <= 1 / (n + 1)).
     */
    public double threshold(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1], got " + alpha);
        }
        int n = sorted.length;
        // m = the largest count c of validation scores >= s with pValue < alpha (c < n, as pValue(n) = 1): estimated,
        // then settled with the very expression pValue uses, so that rounding cannot make the two disagree
        int m = (int) Math.min(n - 1, Math.max(-1, Math.ceil(alpha * (n + 1) - 1) - 1));
        while (m < n - 1 && pValueOfCount(m + 1) < alpha) {
            m++;
        }
        while (m >= 0 && !(pValueOfCount(m) < alpha)) {
            m--;
        }
        if (m < 0) {
            return Double.POSITIVE_INFINITY;
        }
        // at most m scores >= s exactly when s exceeds the (m + 1)-th largest
        return sorted[n - 1 - m];
    }

    /** The validation scores in equal-width bins, e.g. for a page that shows where a new score falls. */
    public Histogram histogram(int bins) {
        return Histogram.of(sorted, bins);
    }

    private double pValueOfCount(int count) {
        return (1.0 + count) / (sorted.length + 1.0);
    }

    /** The first index whose score is >= s (n if none). */
    private int firstAtLeast(double score) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < score) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration other && Arrays.equals(sorted, other.sorted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return "Calibration[n=" + sorted.length + ", mean=" + mean + ", std=" + std + "]";
    }
}
