package io.diffood.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the fixture SavedModels and their OOD bundle ({@code ood/} beside them, where the function looks by default)
 * before Quarkus starts, and points the function's config at them.
 */
public class FixtureModelsResource implements QuarkusTestResourceLifecycleManager {

    public static final Path DIR = Path.of("target", "test-models");

    private static boolean built;

    @Override
    public Map<String, String> start() {
        buildOnce();
        return Map.of(
                "diffood.denoiser.path", DIR.resolve("denoiser").toString(),
                "diffood.classifier.path", DIR.resolve("classifier").toString());
    }

    /** Builds the fixtures unless this JVM already did. */
    public static synchronized void buildOnce() {
        if (!built) {
            FixtureModels.gaussianDenoiser(DIR.resolve("denoiser"));
            FixtureModels.linearClassifier(DIR.resolve("classifier"));
            FixtureBundle.fit(DIR, DIR.resolve("ood"));
            built = true;
        }
    }

    @Override
    public void stop() {
    }
}
