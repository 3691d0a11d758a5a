package io.diffood.diffusion;

/** The cumulative signal level abar_t, t = 0 .. T-1, of a DDPM noise schedule. */
public final class NoiseSchedule {

    private final double[] alphaBar;

    private NoiseSchedule(double[] betas) {
        alphaBar = new double[betas.length];
        double prod = 1.0;
        for (int t = 0; t < betas.length; t++) {
            prod *= 1.0 - betas[t];
            alphaBar[t] = prod;
        }
    }

    /** Betas spaced evenly from betaStart to betaEnd (Ho et al. 2020). */
    public static NoiseSchedule linear(int steps, double betaStart, double betaEnd) {
        double[] betas = new double[steps];
        for (int t = 0; t < steps; t++) {
            betas[t] = steps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * t / (steps - 1);
        }
        return new NoiseSchedule(betas);
    }

    /** abar follows a squared cosine, offset s = 0.008, betas capped at 0.999 (Nichol and Dhariwal 2021). */
    public static NoiseSchedule cosine(int steps) {
        double[] betas = new double[steps];
        for (int t = 0; t < steps; t++) {
            betas[t] = Math.min(0.999, 1.0 - cosineLevel(t + 1, steps) / cosineLevel(t, steps));
        }
        return new NoiseSchedule(betas);
    }

    public static NoiseSchedule of(ScheduleSettings settings) {
        return switch (settings.type()) {
            case LINEAR -> linear(settings.steps(), settings.betaStart(), settings.betaEnd());
            case COSINE -> cosine(settings.steps());
        };
    }

    private static double cosineLevel(int t, int steps) {
        double c = Math.cos(((double) t / steps + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    public int steps() {
        return alphaBar.length;
    }

    public double alphaBar(int t) {
        return alphaBar[t];
    }
}
