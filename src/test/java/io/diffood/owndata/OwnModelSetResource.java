package io.diffood.owndata;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Before Quarkus starts: generated colour images (as a folder, or as a .tar.gz with init arg {@code archive=true}),
 * a model set trained and fitted from them, and the function pointed at it by the one setting diffood.models.path.
 */
public class OwnModelSetResource implements QuarkusTestResourceLifecycleManager {

    private boolean archive;

    @Override
    public void init(Map<String, String> initArgs) {
        archive = Boolean.parseBoolean(initArgs.getOrDefault("archive", "false"));
    }

    @Override
    public Map<String, String> start() {
        Path root = Path.of("target", "own-data", archive ? "archive" : "folder");
        io.diffood.testing.FixtureModels.deleteRecursively(root);
        Path folder = ColourImages.folder(root.resolve("images"), 24, 5);
        Path data = archive ? ColourImages.archive(folder, root.resolve("images.tar.gz"), "my-images/train") : folder;
        Path models = OwnModelSet.build(data, root.resolve("models"));
        return Map.of("diffood.models.path", models.toString());
    }

    @Override
    public void stop() {
    }
}
