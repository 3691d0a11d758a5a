package io.diffood.score;

import java.util.Map;

/**
 * The outcome for one image.
 *
 * @param score        the combined DDP score (mean over timesteps)
 * @param perTimestep  DDP score by starting timestep, in request order
 * @param label        the classifier's label on the clean image
 * @param confidence   its softmax probability
 * @param denoiserEvaluations image evaluations of the denoiser spent on this image (both guidance halves)
 */
public record ScoreResult(double score, Map<Integer, Double> perTimestep, int label, double confidence,
        Baselines baselines, long seed, int denoiserEvaluations) {
}
