package io.diffood.detect;

import java.nio.file.Path;
import java.util.Set;

/**
 * What a bundle was fitted against: SHA-256 of both SavedModel directories and of the classifier's signature
 * description. A model's {@code model-card.json} does not count: it documents the model (class names, metrics) and
 * may be completed after the bundle was fitted; TensorFlow never reads it.
 */
public record ModelHashes(String denoiserSha256, String classifierSha256, String classifierSignatureSha256) {

    public ModelHashes {
        for (String hash : new String[] {denoiserSha256, classifierSha256, classifierSignatureSha256}) {
            if (hash == null || !hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not a lower-case SHA-256 hex digest: " + hash);
            }
        }
    }

    public static final String MODEL_CARD = "model-card.json";

    public static ModelHashes of(Path denoiserDir, Path classifierDir, String classifierSignature) {
        return new ModelHashes(savedModel(denoiserDir), savedModel(classifierDir), Sha256.hex(classifierSignature));
    }

    /** The hash of a SavedModel directory, without its model card. */
    public static String savedModel(Path dir) {
        return DirectoryHash.sha256(dir, Set.of(MODEL_CARD));
    }
}
