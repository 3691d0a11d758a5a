package io.diffood.function;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The JSON answer; field names are part of the API contract (README, "Response"). Higher score = more OOD.
 * {@code perTimestep}, {@code timesteps} and {@code repeats} are there when the DDP ran; {@code explanation} when
 * asked for; {@code labelName} when the class names are known (the classifier's model card or the bundle).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreResponse(
        String detector,
        double score,
        boolean ood,
        double threshold,
        double falsePositiveRate,
        Map<String, Double> scores,
        Map<String, Double> pValues,
        int label,
        String labelName,
        double confidence,
        Map<String, Double> perTimestep,
        Map<String, Double> baselines,
        long seed,
        List<Integer> timesteps,
        Integer repeats,
        int denoiserEvaluations,
        int batchSize,
        Map<String, Double> timingsMs,
        Explanation explanation) {
}
