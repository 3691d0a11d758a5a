package io.diffood.model;

import java.nio.file.Path;

/** The denoiser's location and the names of its signature's tensors (the model contract). */
public record DenoiserSpec(ModelLocation location, String inputX, String inputT, String inputY, String outputEps) {

    /** The demo models' tensor names: x, t, y, eps. */
    public static DenoiserSpec standard(Path path) {
        return new DenoiserSpec(ModelLocation.serving(path), "x", "t", "y", "eps");
    }
}
