package io.diffood.tools.eval;

import io.diffood.detect.DdpDetector;
import io.diffood.detect.Detector;
import io.diffood.detect.LogitDetector;
import io.diffood.score.Observation;
import io.diffood.score.vectorization.ReductionProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What the models said about one image set under one setting, scored by the DDP and the logit baselines, and the
 * time it took.
 *
 * @param timesteps    the DDP timesteps the observations were denoised from
 * @param seconds      wall time of the scorer calls
 * @param denoiserMs   time inside denoiser calls
 * @param classifierMs time inside classifier calls
 */
record SampleScores(ImageSet set, List<Observation> results, DdpDetector ddpDetector, List<Integer> timesteps,
        double seconds, double denoiserMs, double classifierMs) {

    static final String DDP = "DDP";
    private static final Map<String, String> BASELINE_COLUMNS = Map.of("msp", "MSP", "maxLogit", "max-logit",
            "energy", "energy");
    static final List<String> BASELINES = List.of("MSP", "max-logit", "energy");

    /**
     * Every score column, higher = more OOD: the combined DDP score, the DDP score of each timestep and the
     * three single-pass baselines.
     */
    Map<String, double[]> methods() {
        Map<String, double[]> methods = new LinkedHashMap<>();
        methods.put(DDP, ddp());
        for (int t : timesteps) {
            methods.put(DDP + " t=" + t, ddp(List.of(t)));
        }
        for (Detector d : LogitDetector.all(ReductionProvider.get())) {
            methods.put(BASELINE_COLUMNS.get(d.name()), column(o -> d.score(o, timesteps)));
        }
        return methods;
    }

    double[] ddp() {
        return ddp(timesteps);
    }

    /** The DDP score combined over some of the scored timesteps: the mean of their per-timestep scores. */
    double[] ddp(List<Integer> some) {
        return column(o -> ddpDetector.score(o, some));
    }

    SampleScores prefix(int n) {
        int k = Math.min(n, results.size());
        double share = (double) k / results.size();
        return new SampleScores(set.prefix(k), results.subList(0, k), ddpDetector, timesteps, seconds * share,
                denoiserMs * share, classifierMs * share);
    }

    double imagesPerSecond() {
        return results.size() / seconds;
    }

    private double[] column(ToDoubleFunction<Observation> f) {
        return results.stream().mapToDouble(f).toArray();
    }
}
