package io.diffood.tools.eval;

import java.util.List;
import java.util.Map;

/** Everything one evaluation run measured, in the shape of evaluation.json. */
record EvaluationResult(Run run, Map<String, Object> settings, Sample inDistribution, String decision,
        double falsePositiveRate, List<DetectorRow> detectors, List<SetResult> oodSets, Timing timing) {

    /**
     * How the run was made: when, the command line, the models and bundle, an optional note; {@code rerenderedBy}
     * when the report was rewritten from the run's scores.csv (e.g. with another decision detector).
     */
    record Run(String finishedUtc, String command, String rerenderedBy, String denoiser, String classifier,
            String bundle, String noise, String note) {
    }

    record Sample(String name, String description, int available, int sampled) {
    }

    /**
     * One detector across the run.
     *
     * @param denoiserEvaluations guided denoiser evaluations per image when it runs alone (both guidance halves)
     * @param classifierPasses    classifier passes per image when it runs alone (clean image + denoised copies)
     * @param msPerImage          its share of the joint run's time per image (see {@link Timing#attribution})
     * @param observedFpr         share of the in-distribution sample with p-value below the target; null when uncalibrated
     */
    record DetectorRow(String name, String description, boolean usesDenoiser, boolean calibrated,
            int denoiserEvaluations, int classifierPasses, double msPerImage, double imagesPerSecond,
            double meanAuroc, double worstAuroc, String worstSet, Double observedFpr, Integer observedFlagged) {
    }

    /**
     * A detector on one OOD set against the in-distribution sample.
     *
     * @param flaggedAtTarget share of the OOD images with p-value below the target false-positive rate (null when
     *                        uncalibrated): the detection rate of the decision rule the function applies
     */
    record Metrics(double auroc, double fpr95, double auprIn, double auprOut, Double flaggedAtTarget) {
    }

    record SetResult(Sample sample, Map<String, Metrics> metrics) {
    }

    /**
     * The joint run: every image observed once for all detectors.
     *
     * @param seconds             wall time of the scoring (model calls, Java orchestration, detector scoring)
     * @param unionTimesteps      the start timesteps the images were denoised from (the detectors' union)
     * @param unionEvaluations    denoiser evaluations per image of the joint run
     * @param unionPasses         classifier passes per image of the joint run
     * @param detectorMs          per detector: total time of its score computations
     * @param totalSeconds        the whole command, with data and model loading
     * @param attribution         how each detector's ms/image was derived from the joint run
     */
    record Timing(int images, double seconds, double imagesPerSecond, double denoiserMs, double classifierMs,
            List<Integer> unionTimesteps, int repeats, int unionEvaluations, int unionPasses,
            Map<String, Double> detectorMs, double totalSeconds, String attribution) {
    }
}
