package io.diffood.tools.attack;

import me.tongfei.progressbar.ProgressBar;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A black-box score-based L∞ attack with natural evolution strategies (Ilyas et al., ICML 2018): per iteration the
 * gradient of the score is estimated from {@code queries} antithetic Gaussian probes x ± σu, the image takes a step
 * of size {@code step} against the sign of that estimate (the attacker lowers the score: the image is to look
 * in-distribution), and is projected back into the ε-ball around the original and into [0, 1]. Seeded per image, so
 * a run reproduces whatever the grouping of images into oracle calls.
 */
final class NesAttack {

    /**
     * @param queries probes per iteration, even (antithetic pairs)
     * @param sigma   probe radius, in pixel units ([0, 1])
     * @param step    step size per iteration, in pixel units
     */
    record Settings(double epsilon, int iterations, int queries, double sigma, double step, long seed) {

        Settings {
            if (queries < 2 || queries % 2 != 0) {
                throw new IllegalArgumentException("queries per iteration must be even and at least 2, not " + queries);
            }
            if (!(epsilon > 0) || iterations < 1 || !(sigma > 0) || !(step > 0)) {
                throw new IllegalArgumentException("epsilon, iterations, sigma and step must be positive");
            }
        }
    }

    private final Settings settings;

    NesAttack(Settings settings) {
        this.settings = settings;
    }

    /**
     * Attacks {@code originals} in groups of {@code group} images per oracle call (group x queries probes).
     *
     * @param firstIndex index of the first image in the whole sample, for its seed
     */
    List<float[]> attack(List<float[]> originals, int firstIndex, int group, ScoreOracle oracle, ProgressBar bar) {
        List<float[]> attacked = new ArrayList<>(originals.size());
        for (int from = 0; from < originals.size(); from += group) {
            List<float[]> part = originals.subList(from, Math.min(originals.size(), from + group));
            attacked.addAll(attackGroup(part, firstIndex + from, oracle, bar));
        }
        return attacked;
    }

    private List<float[]> attackGroup(List<float[]> originals, int firstIndex, ScoreOracle oracle, ProgressBar bar) {
        int n = originals.size();
        int size = originals.get(0).length;
        int pairs = settings.queries() / 2;
        float sigma = (float) settings.sigma();
        List<float[]> x = new ArrayList<>();
        Random[] random = new Random[n];
        for (int i = 0; i < n; i++) {
            x.add(originals.get(i).clone());
            random[i] = new Random(settings.seed() * 0x9E3779B97F4A7C15L + firstIndex + i);
        }
        float[][][] directions = new float[n][pairs][size];
        for (int it = 0; it < settings.iterations(); it++) {
            List<float[]> probes = new ArrayList<>(n * settings.queries());
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < pairs; k++) {
                    float[] u = directions[i][k];
                    for (int p = 0; p < size; p++) {
                        u[p] = (float) random[i].nextGaussian();
                    }
                    float[] plus = new float[size];
                    float[] minus = new float[size];
                    for (int p = 0; p < size; p++) {
                        plus[p] = clamp01(x.get(i)[p] + sigma * u[p]);
                        minus[p] = clamp01(x.get(i)[p] - sigma * u[p]);
                    }
                    probes.add(plus);
                    probes.add(minus);
                }
            }
            double[] scores = oracle.scores(probes);
            for (int i = 0; i < n; i++) {
                double[] gradient = new double[size];
                for (int k = 0; k < pairs; k++) {
                    double difference = scores[i * settings.queries() + 2 * k] - scores[i * settings.queries() + 2 * k + 1];
                    float[] u = directions[i][k];
                    for (int p = 0; p < size; p++) {
                        gradient[p] += difference * u[p];
                    }
                }
                float[] xi = x.get(i);
                float[] original = originals.get(i);
                for (int p = 0; p < size; p++) {
                    double moved = xi[p] - settings.step() * Math.signum(gradient[p]);
                    moved = Math.min(original[p] + settings.epsilon(), Math.max(original[p] - settings.epsilon(), moved));
                    xi[p] = clamp01((float) moved);
                }
            }
            if (bar != null) {
                bar.stepBy((long) n * settings.queries());
            }
        }
        return x;
    }

    private static float clamp01(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
