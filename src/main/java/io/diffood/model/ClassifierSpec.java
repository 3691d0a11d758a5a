package io.diffood.model;

import java.nio.file.Path;

/** The classifier's location and the names of its signature's tensors (the model contract). */
public record ClassifierSpec(ModelLocation location, String inputX, String outputLogits, String outputFeatures) {

    /** The demo models' tensor names: x, logits, features. */
    public static ClassifierSpec standard(Path path) {
        return new ClassifierSpec(ModelLocation.serving(path), "x", "logits", "features");
    }

    /** What identifies the signature the detectors were fitted on: the OOD bundle records its hash. */
    public String signatureDescription() {
        return location.signature() + ":" + inputX + "->" + outputLogits + "," + outputFeatures;
    }
}
