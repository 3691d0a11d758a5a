package io.diffood.tools.eval;

import java.util.List;
import java.util.Map;

/** Everything one evaluation run measured, in the shape of evaluation.json. */
record EvaluationResult(Run run, Map<String, Object> settings, Sample inDistribution, List<SetResult> oodSets,
        Timing timing, List<TradeoffRow> tradeoff) {

    /** How the run was made: when, the command line, the models, an optional note (e.g. why a smaller sample). */
    record Run(String finishedUtc, String command, String denoiser, String classifier, String note) {
    }

    record Sample(String name, String description, int available, int sampled) {
    }

    /** One OOD set: its sample and the metrics of every score column against the InD sample. */
    record SetResult(Sample sample, Map<String, OodMetrics> metrics, double ddpAurocTarget) {

        boolean meetsTarget() {
            return metrics.get(SampleScores.DDP).auroc() >= ddpAurocTarget;
        }

        /** The best baseline AUROC on this set. */
        double bestBaselineAuroc() {
            return SampleScores.BASELINES.stream().mapToDouble(b -> metrics.get(b).auroc()).max().orElseThrow();
        }
    }

    /**
     * @param seconds            scorer wall time for every image of the main run
     * @param images             images scored in the main run (InD + OOD)
     * @param imagesPerSecond    images / seconds
     * @param denoiserEvaluationsPerImage denoiser image evaluations per image (both guidance halves)
     * @param denoiserShare      share of the time spent inside denoiser calls
     * @param classifierShare    share of the time spent inside classifier calls
     * @param totalSeconds       the command up to the main results, with data and model loading (not the trade-off)
     */
    record Timing(double seconds, int images, double imagesPerSecond, int denoiserEvaluationsPerImage,
            double denoiserShare, double classifierShare, double totalSeconds) {
    }

    /**
     * One trade-off setting.
     *
     * @param fromMainRun   true when the setting's timesteps are some of the main run's (same repeats and space):
     *                      its scores are the main run's per-timestep scores, its time the main run's pro rata of
     *                      denoiser evaluations
     * @param auroc         DDP (combined) AUROC per OOD set
     */
    record TradeoffRow(String setting, String space, List<Integer> timesteps, int repeats,
            int denoiserEvaluationsPerImage, int imagesPerSet, double seconds, double imagesPerSecond,
            boolean fromMainRun, Map<String, Double> auroc, double meanAuroc, double minAuroc) {
    }
}
