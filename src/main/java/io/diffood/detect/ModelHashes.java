package io.diffood.detect;

import java.nio.file.Path;

/** What a bundle was fitted against: SHA-256 of both SavedModel directories and of the classifier's signature description. */
public record ModelHashes(String denoiserSha256, String classifierSha256, String classifierSignatureSha256) {

    public ModelHashes {
        for (String hash : new String[] {denoiserSha256, classifierSha256, classifierSignatureSha256}) {
            if (hash == null || !hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("not a lower-case SHA-256 hex digest: " + hash);
            }
        }
    }

    public static ModelHashes of(Path denoiserDir, Path classifierDir, String classifierSignature) {
        return new ModelHashes(DirectoryHash.sha256(denoiserDir), DirectoryHash.sha256(classifierDir),
                Sha256.hex(classifierSignature));
    }
}
