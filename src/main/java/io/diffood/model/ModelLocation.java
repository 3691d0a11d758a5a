package io.diffood.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a SavedModel is, which of its signatures to serve ({@code tags}: MetaGraph tags, comma-separated), and whether
 * TensorFlow's graph optimizer runs on it.
 */
public record ModelLocation(Path path, String signature, String tags, GraphOptimizer graphOptimizer) {

    public ModelLocation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(graphOptimizer, "graphOptimizer");
    }

    /** The default signature and tags of a SavedModel exported for serving, the graph optimizer on GPU only. */
    public static ModelLocation serving(Path path) {
        return new ModelLocation(path, "serving_default", "serve", GraphOptimizer.AUTO);
    }
}
