package io.diffood.function;

import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of a score request: either {@code image} (base64 PNG or JPEG), {@code images} (several of them), or
 * {@code pixels} with {@code shape} [H, W, C] (values in [0, 1], row-major HWC); optional detectors to compute besides the decision
 * detector, an explanation, and DDP settings. Unknown fields are collected and refused, so that a misspelt setting
 * never silently falls back to its default.
 */
public class ScoreRequest {

    static final String KNOWN_FIELDS = "image, images, pixels, shape, detectors, explain, seed, timesteps, repeats, sampleSteps";

    public String image;
    /** Several base64 images, answered in order as {@code results}; instead of image or pixels. */
    public List<String> images;
    public double[] pixels;
    public int[] shape;
    public List<String> detectors;
    public Boolean explain;
    public Long seed;
    public List<Integer> timesteps;
    public Integer repeats;
    public Integer sampleSteps;

    final List<String> unknownFields = new ArrayList<>();

    @JsonAnySetter
    void unknownField(String name, Object value) {
        unknownFields.add(name);
    }
}
