package io.diffood.score;

import java.util.List;
import java.util.Map;

/**
 * What the models said about one image: the classifier's logits and features on the clean image, its label, and
 * for each start timestep the classifier's outputs on the denoised copies (one per repeat, all drawn from {@code seed}).
 * Detectors turn this into scores.
 *
 * @param features empty when the classifier was loaded without its features output
 * @param denoised by start timestep, in the order asked; empty when no denoising was asked for
 */
public record Observation(float[] logits, float[] features, int label, long seed, Map<Integer, List<Denoised>> denoised,
        int denoiserEvaluations) {

    /** The classifier's outputs on one denoised copy; {@code image} ([0, 1], HWC) only when it was asked to be kept. */
    public record Denoised(float[] logits, float[] features, float[] image) {
    }

    /** The denoised copies from timestep t; fails when t was not run, which is a wiring error, not user input. */
    public List<Denoised> from(int t) {
        List<Denoised> copies = denoised.get(t);
        if (copies == null) {
            throw new IllegalStateException("no denoised copies from t = " + t + " (have " + denoised.keySet() + ")");
        }
        return copies;
    }
}
