package io.diffood.detect;

import io.diffood.score.InvalidSettingsException;
import io.diffood.score.Observation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The detectors a function offers, their calibrations (in-distribution validation scores, from the OOD bundle), and
 * the decision rule: the decision detector's conformal p-value below the target false-positive rate, or, for an
 * uncalibrated decision detector (no bundle), its score above a fixed threshold.
 */
public final class DetectorSuite {

    /**
     * The answer for one image. {@code threshold} is the decision detector's score threshold equivalent to the rule
     * ({@code ood} exactly when {@code score > threshold}); {@code pValues} holds the calibrated detectors only.
     */
    public record Verdict(String detector, double score, boolean ood, double threshold, Map<String, Double> scores,
            Map<String, Double> pValues) {
    }

    private final Map<String, Detector> detectors;
    private final Map<String, Calibration> calibrations;
    private final String decision;
    private final double falsePositiveRate;
    private final double threshold;

    /**
     * @param uncalibratedThreshold the decision threshold when the decision detector has no calibration
     */
    public DetectorSuite(List<Detector> detectors, Map<String, Calibration> calibrations, String decision,
            double falsePositiveRate, double uncalibratedThreshold) {
        Map<String, Detector> byName = new LinkedHashMap<>();
        detectors.forEach(d -> byName.put(d.name(), d));
        this.detectors = Collections.unmodifiableMap(byName);
        this.calibrations = Map.copyOf(calibrations);
        if (!byName.containsKey(decision)) {
            throw new IllegalArgumentException("the decision detector " + decision + " is not one of " + byName.keySet());
        }
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
            throw new IllegalArgumentException("the false-positive rate must lie in (0, 1), not " + falsePositiveRate);
        }
        this.decision = decision;
        this.falsePositiveRate = falsePositiveRate;
        Calibration own = calibrations.get(decision);
        this.threshold = own == null ? uncalibratedThreshold : own.threshold(falsePositiveRate);
    }

    public Collection<Detector> detectors() {
        return detectors.values();
    }

    public String decision() {
        return decision;
    }

    public double falsePositiveRate() {
        return falsePositiveRate;
    }

    public Optional<Calibration> calibration(String name) {
        return Optional.ofNullable(calibrations.get(name));
    }

    /** The decision detector and the requested ones, in the suite's order; an unknown name is refused. */
    public List<String> select(Collection<String> requested) {
        for (String name : requested) {
            if (!detectors.containsKey(name)) {
                throw new InvalidSettingsException("unknown_detector", "unknown detector '" + name + "'; known: "
                        + String.join(", ", detectors.keySet()));
            }
        }
        Set<String> wanted = new LinkedHashSet<>(requested);
        wanted.add(decision);
        return detectors.keySet().stream().filter(wanted::contains).toList();
    }

    /** The start timesteps the selected detectors need denoised copies from, without repeats. */
    public List<Integer> timesteps(List<String> selected, List<Integer> ddpTimesteps) {
        Set<Integer> all = new LinkedHashSet<>();
        for (String name : selected) {
            all.addAll(detectors.get(name).timesteps(ddpTimesteps));
        }
        return new ArrayList<>(all);
    }

    public Verdict judge(Observation o, List<String> selected, List<Integer> ddpTimesteps) {
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Double> pValues = new LinkedHashMap<>();
        for (String name : selected) {
            double score = detectors.get(name).score(o, ddpTimesteps);
            scores.put(name, score);
            Calibration c = calibrations.get(name);
            if (c != null) {
                pValues.put(name, c.pValue(score));
            }
        }
        double score = scores.get(decision);
        return new Verdict(decision, score, score > threshold, threshold, scores, pValues);
    }

    public Detector detector(String name) {
        return detectors.get(name);
    }
}
