package io.diffood.function;

import java.util.List;
import java.util.Map;

/** The JSON answer; field names are part of the API contract. Higher score = more out-of-distribution. */
public record ScoreResponse(
        double score,
        boolean ood,
        double threshold,
        int label,
        double confidence,
        Map<String, Double> perTimestep,
        Map<String, Double> baselines,
        long seed,
        List<Integer> timesteps,
        int repeats,
        int denoiserEvaluations,
        int batchSize,
        Map<String, Double> timingsMs) {
}
