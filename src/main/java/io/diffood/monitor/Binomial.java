package io.diffood.monitor;

/**
 * Exact tails of the binomial distribution Bin(n, p), summed in log space: no normal or Poisson approximation, and
 * no underflow for tails far below {@code Double.MIN_NORMAL} (they are returned as their logarithm).
 */
public final class Binomial {

    private Binomial() {
    }

    /** P[X ≥ k] for X ~ Bin(n, p). */
    public static double upperTail(int k, int n, double p) {
        return Math.exp(logUpperTails(n, p)[Math.max(0, Math.min(k, n + 1))]);
    }

    /**
     * ln P[X ≥ k] for k = 0 .. n + 1 (the last is ln 0 = -∞), from the probabilities of every count: ln P[X = 0] =
     * n ln(1 - p), then the ratio P[X = i + 1] / P[X = i] = (n - i) / (i + 1) · p / (1 - p), then log-sum-exp from the
     * top count down. O(n).
     */
    public static double[] logUpperTails(int n, double p) {
        if (n < 0 || !(p > 0 && p < 1)) {
            throw new IllegalArgumentException("Bin(" + n + ", " + p + "): need n >= 0 and 0 < p < 1");
        }
        double[] logPmf = new double[n + 1];
        logPmf[0] = n * Math.log1p(-p);
        double logOdds = Math.log(p) - Math.log1p(-p);
        for (int i = 0; i < n; i++) {
            logPmf[i + 1] = logPmf[i] + Math.log((double) (n - i) / (i + 1)) + logOdds;
        }
        double[] logTail = new double[n + 2];
        logTail[n + 1] = Double.NEGATIVE_INFINITY;
        for (int k = n; k >= 0; k--) {
            logTail[k] = logSumExp(logPmf[k], logTail[k + 1]);
        }
        return logTail;
    }

    private static double logSumExp(double a, double b) {
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        // a tail is a probability: clamp the last ulp of rounding above ln 1
        return Math.min(0, max + Math.log1p(Math.exp(Math.min(a, b) - max)));
    }
}
