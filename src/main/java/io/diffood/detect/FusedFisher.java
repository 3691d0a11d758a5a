package io.diffood.detect;

import io.diffood.score.Observation;

import java.util.List;

/**
 * Fisher's combination of the conformal p-values of several detectors that see the same image differently: KNN and
 * Mahalanobis on the clean features, KNN and the logit change on the denoised copies. A part an attacker fools only
 * loses its own evidence (its p-value goes to 1, its term to 0), while the denoised parts keep theirs.
 */
record FusedFisher(List<Detector> parts, List<Calibration> calibrations) implements Detector {

    static final String NAME = "fusedFisher";

    FusedFisher {
        if (parts.size() != calibrations.size() || parts.isEmpty()) {
            throw new IllegalArgumentException("one calibration per part, and at least one part");
        }
        parts = List.copyOf(parts);
        calibrations = List.copyOf(calibrations);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Fisher's -2 sum ln p of the p-values of " + String.join(", ", parts.stream().map(Detector::name).toList())
                + " (each calibrated on in-distribution validation scores)";
    }

    @Override
    public List<Integer> timesteps(List<Integer> ddpTimesteps) {
        return parts.stream().flatMap(p -> p.timesteps(ddpTimesteps).stream()).distinct().sorted().toList();
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public double score(Observation o, List<Integer> ddpTimesteps) {
        double[] p = new double[parts.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = calibrations.get(i).pValue(parts.get(i).score(o, ddpTimesteps));
        }
        return Fusion.fisher(p);
    }
}
