package io.diffood.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model set folders built from the fixture models with one thing wrong, for the readiness tests. */
public final class FixtureModelSets {

    private static final Path ROOT = Path.of("target", "model-sets");

    private FixtureModelSets() {
    }

    /** A model set folder holding only the given parts (denoiser, classifier, ood, examples) of the fixture set. */
    public static Path withParts(String name, String... parts) {
        FixtureModelsResource.buildOnce();
        Path dir = ROOT.resolve(name);
        FixtureModels.deleteRecursively(dir);
        for (String part : parts) {
            FixtureModels.copyFolder(FixtureModelsResource.DIR.resolve(part), dir.resolve(part));
        }
        return dir;
    }

    /** The whole fixture set, its classifier's model card saying {@code card}. */
    public static Path withClassifierCard(String name, String card) {
        Path dir = withParts(name, "denoiser", "classifier", "ood");
        try {
            Files.writeString(dir.resolve("classifier").resolve("model-card.json"), card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
