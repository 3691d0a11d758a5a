package io.diffood.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the fixture model set before Quarkus starts: the SavedModels, their OOD bundle ({@code ood/} beside them) and
 * the demo's example images ({@code examples/}), and points {@code diffood.models.path} at it (model set name
 * {@code test-models}).
 */
public class FixtureModelsResource implements QuarkusTestResourceLifecycleManager {

    public static final Path DIR = Path.of("target", "test-models");
    public static final Path DEMO_EXAMPLES = Path.of("models", "demo", "examples");

    private static boolean built;

    @Override
    public Map<String, String> start() {
        buildOnce();
        return Map.of("diffood.models.path", DIR.toString());
    }

    /** Builds the fixtures unless this JVM already did. */
    public static synchronized void buildOnce() {
        if (!built) {
            FixtureModels.gaussianDenoiser(DIR.resolve("denoiser"));
            FixtureModels.linearClassifier(DIR.resolve("classifier"));
            FixtureBundle.fit(DIR, DIR.resolve("ood"));
            FixtureModels.copyFolder(DEMO_EXAMPLES, DIR.resolve("examples"));
            built = true;
        }
    }

    @Override
    public void stop() {
    }
}
