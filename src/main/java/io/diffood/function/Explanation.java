package io.diffood.function;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * Why an image got its answer: what the in-distribution model makes of it (denoised from each timestep, first
 * repeat), what that changed (heat map for the largest timestep), the nearest training images in the classifier's
 * feature space, and the classifier's class probabilities before and after denoising. Images are base64 PNG.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Explanation(Map<String, String> denoised, String changeMap, List<Neighbour> neighbours,
        Probabilities probabilities) {

    /** A bank image: its index in the bank (the training image's index), label, cosine similarity, thumbnail. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Neighbour(int index, Integer label, double similarity, String thumbnail) {
    }

    /** Softmax of the logits on the input, and per timestep the mean over the denoised copies. */
    public record Probabilities(double[] input, Map<String, double[]> denoised) {
    }
}
