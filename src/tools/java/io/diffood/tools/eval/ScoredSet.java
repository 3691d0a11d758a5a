package io.diffood.tools.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image set observed once through the scoring stack and scored by every selected detector.
 *
 * @param labels  the classifier's label of each clean image
 * @param scores  detector name → score of each image, in set order (higher = more OOD)
 * @param pValues calibrated detector name → conformal p-value of each image
 * @param timing  where the time went
 */
public record ScoredSet(ImageSet set, int[] labels, Map<String, double[]> scores, Map<String, double[]> pValues,
        Timing timing) {

    /**
     * @param seconds      wall time of the scorer calls and the detectors' scoring
     * @param denoiserMs   inside denoiser calls
     * @param classifierMs inside classifier calls
     * @param detectorMs   per detector: time of its score computations on the observations
     */
    public record Timing(int images, double seconds, double denoiserMs, double classifierMs,
            Map<String, Double> detectorMs) {

        public static Timing sum(List<Timing> parts) {
            Map<String, Double> detectors = new LinkedHashMap<>();
            int images = 0;
            double seconds = 0;
            double denoiser = 0;
            double classifier = 0;
            for (Timing t : parts) {
                images += t.images;
                seconds += t.seconds;
                denoiser += t.denoiserMs;
                classifier += t.classifierMs;
                t.detectorMs.forEach((k, v) -> detectors.merge(k, v, Double::sum));
            }
            return new Timing(images, seconds, denoiser, classifier, detectors);
        }
    }

    public double[] scores(String detector) {
        double[] s = scores.get(detector);
        if (s == null) {
            throw new IllegalArgumentException("no scores of " + detector + " in " + set.name());
        }
        return s;
    }

    /** Share of images with p-value below alpha; NaN for an uncalibrated detector. */
    public double flaggedShare(String detector, double alpha) {
        double[] p = pValues.get(detector);
        if (p == null) {
            return Double.NaN;
        }
        int flagged = 0;
        for (double v : p) {
            flagged += v < alpha ? 1 : 0;
        }
        return (double) flagged / p.length;
    }
}
