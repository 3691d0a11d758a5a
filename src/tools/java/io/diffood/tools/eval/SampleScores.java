package io.diffood.tools.eval;

import io.diffood.score.ScoreResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The scorer's results for one image set under one setting, and the time they took.
 *
 * @param seconds      wall time of the scorer calls
 * @param denoiserMs   time inside denoiser calls
 * @param classifierMs time inside classifier calls
 */
record SampleScores(ImageSet set, List<ScoreResult> results, double seconds, double denoiserMs, double classifierMs) {

    static final String DDP = "DDP";
    static final List<String> BASELINES = List.of("MSP", "max-logit", "energy");

    /**
     * Every score column, higher = more OOD: the combined DDP score, the DDP score of each timestep and the
     * three single-pass baselines.
     */
    Map<String, double[]> methods() {
        Map<String, double[]> methods = new LinkedHashMap<>();
        methods.put(DDP, column(ScoreResult::score));
        for (int t : results.get(0).perTimestep().keySet()) {
            methods.put(DDP + " t=" + t, column(r -> r.perTimestep().get(t)));
        }
        methods.put("MSP", column(r -> r.baselines().msp()));
        methods.put("max-logit", column(r -> r.baselines().maxLogit()));
        methods.put("energy", column(r -> r.baselines().energy()));
        return methods;
    }

    double[] ddp() {
        return column(ScoreResult::score);
    }

    /** The DDP score combined over some of the scored timesteps: the mean of their per-timestep scores. */
    double[] ddp(List<Integer> timesteps) {
        return column(r -> timesteps.stream().mapToDouble(t -> r.perTimestep().get(t)).average().orElseThrow());
    }

    SampleScores prefix(int n) {
        int k = Math.min(n, results.size());
        double share = (double) k / results.size();
        return new SampleScores(set.prefix(k), results.subList(0, k), seconds * share, denoiserMs * share,
                classifierMs * share);
    }

    double imagesPerSecond() {
        return results.size() / seconds;
    }

    private double[] column(ToDoubleFunction<ScoreResult> f) {
        return results.stream().mapToDouble(f).toArray();
    }
}
