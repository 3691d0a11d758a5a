package io.diffood.model;

import java.nio.file.Path;
import java.util.Objects;

/** Where a SavedModel is and which of its signatures to serve ({@code tags}: MetaGraph tags, comma-separated). */
public record ModelLocation(Path path, String signature, String tags) {

    public ModelLocation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(tags, "tags");
    }

    /** The default signature and tags of a SavedModel exported for serving. */
    public static ModelLocation serving(Path path) {
        return new ModelLocation(path, "serving_default", "serve");
    }
}
