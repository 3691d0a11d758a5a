package io.diffood.detect;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the feature detectors need at serving time, tied to the models it was fitted with: the fitted
 * statistics, KNN's k, the calibration (sorted in-distribution validation scores) of each detector, which detector
 * makes the decision, optionally ViM's alpha and bank thumbnails, and free-form provenance. Stored by
 * {@link OodBundleFiles}.
 */
public record OodBundle(ModelHashes models, FeatureStatistics statistics, int k, String decisionDetector,
                        Map<String, Calibration> calibrations, OptionalDouble vimAlpha,
                        Optional<Thumbnails> thumbnails, Map<String, String> provenance) {

    /** Detector names become file names: letters, digits, '-' and '_'. */
    private static final Pattern DETECTOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    public OodBundle {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        for (String name : calibrations.keySet()) {
            if (!isDetectorName(name)) {
                throw new IllegalArgumentException("detector name '" + name + "' is not of the form " + DETECTOR_NAME);
            }
        }
        if (!calibrations.containsKey(decisionDetector)) {
            throw new IllegalArgumentException("the decision detector " + decisionDetector + " has no calibration");
        }
        vimAlpha.ifPresent(alpha -> new Vim(statistics.residual(), alpha)); // the same checks as the detector
        if (thumbnails.isPresent() && thumbnails.get().count() > statistics.bank().rows()) {
            throw new IllegalArgumentException(thumbnails.get().count() + " thumbnails for " + statistics.bank().rows() + " bank rows");
        }
        for (String key : provenance.keySet()) {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty provenance key");
            }
        }
        calibrations = Collections.unmodifiableMap(new TreeMap<>(calibrations));
        provenance = Collections.unmodifiableMap(new TreeMap<>(provenance));
    }

    static boolean isDetectorName(String name) {
        return DETECTOR_NAME.matcher(name).matches();
    }

    public Knn knn() {
        return new Knn(statistics.bank(), k);
    }

    public Optional<Vim> vim() {
        return vimAlpha.isPresent() ? Optional.of(new Vim(statistics.residual(), vimAlpha.getAsDouble())) : Optional.empty();
    }

    /** Throws unless the bundle was fitted with exactly these models, naming the one that differs. */
    public void requireModels(ModelHashes actual) {
        requireSame("denoiser", models.denoiserSha256(), actual.denoiserSha256());
        requireSame("classifier", models.classifierSha256(), actual.classifierSha256());
        requireSame("classifier signature", models.classifierSignatureSha256(), actual.classifierSignatureSha256());
    }

    private static void requireSame(String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new BundleException("the OOD bundle was fitted for the " + what + " with SHA-256 " + expected
                    + ", the loaded one has " + actual);
        }
    }
}
