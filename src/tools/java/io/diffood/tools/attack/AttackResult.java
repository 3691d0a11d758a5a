package io.diffood.tools.attack;

import java.util.List;
import java.util.Map;

/** Everything one attack run measured, in the shape of its JSON file. */
record AttackResult(Run run, Map<String, Object> settings, Sample inDistribution, Sample attacked, String target,
        List<DetectorCost> detectors, List<Evaluated> clean, List<Budget> budgets) {

    record Run(String stem, String finishedUtc, String command, String denoiser, String classifier, String bundle,
            String note) {
    }

    record Sample(String name, String description, int available, int sampled) {
    }

    record DetectorCost(String name, boolean usesDenoiser, int denoiserEvaluations, Double observedFpr) {
    }

    /**
     * Every detector on one set of OOD images against the in-distribution sample, both scored with {@code noise}.
     *
     * @param auroc   OOD positive
     * @param flagged share of the OOD images with p-value below the target false-positive rate (calibrated detectors)
     */
    record Evaluated(String noise, Map<String, Double> auroc, Map<String, Double> flagged) {
    }

    /**
     * One L∞ budget.
     *
     * @param targetBefore     mean target score of the clean images, as the attacker's oracle answers
     * @param targetAfter      the same for the attacked images
     * @param meanLinf         mean L∞ distance of the attacked images to the originals
     * @param queriesPerImage  oracle queries per image (each EOT copy counted)
     * @param evaluationsPerImage denoiser evaluations the queries cost the function, per image
     * @param evaluated        the attacked images under the served noise first, then under other noise if any
     */
    record Budget(double epsilon, double seconds, double targetBefore, double targetAfter, double meanLinf,
            long queriesPerImage, long evaluationsPerImage, List<Evaluated> evaluated) {
    }
}
