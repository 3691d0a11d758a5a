package io.diffood.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The directory hash depends on relative paths and contents only. */
class DirectoryHashTest {

    @TempDir
    Path root;

    @Test
    void dependsOnNamesAndContentsNotOnLocation() throws IOException {
        Path a = model(root.resolve("a"), "variables/variables.index", "saved_model.pb");
        Path b = model(root.resolve("elsewhere/b"), "variables/variables.index", "saved_model.pb");
        assertEquals(DirectoryHash.sha256(a), DirectoryHash.sha256(b));
        Files.writeString(b.resolve("saved_model.pb"), "other");
        assertNotEquals(DirectoryHash.sha256(a), DirectoryHash.sha256(b));
        Path renamed = model(root.resolve("c"), "variables/variables.indeX", "saved_model.pb");
        assertNotEquals(DirectoryHash.sha256(a), DirectoryHash.sha256(renamed));
    }

    @Test
    void aModelsHashLeavesOutItsModelCardOnly() throws IOException {
        Path model = model(root.resolve("model"), "variables/variables.index", "saved_model.pb");
        String bare = ModelHashes.savedModel(model);
        Files.writeString(model.resolve("model-card.json"), "{\"classes\": [\"a\", \"b\"]}");
        assertEquals(bare, ModelHashes.savedModel(model), "the card documents the model, it is not the model");
        assertNotEquals(bare, DirectoryHash.sha256(model));
        Files.writeString(model.resolve("variables/model-card.json"), "inside the variables");
        assertNotEquals(bare, ModelHashes.savedModel(model), "only the top-level card is left out");
    }

    @Test
    void fileBoundariesCount() throws IOException {
        Path one = Files.createDirectories(root.resolve("one"));
        Files.writeString(one.resolve("a"), "bc");
        Path two = Files.createDirectories(root.resolve("two"));
        Files.writeString(two.resolve("ab"), "c");
        assertNotEquals(DirectoryHash.sha256(one), DirectoryHash.sha256(two));
    }

    @Test
    void anEmptyDirectoryHashesNothing() throws IOException {
        assertEquals(Sha256.hex(new byte[0]), DirectoryHash.sha256(Files.createDirectories(root.resolve("empty"))));
    }

    private static Path model(Path dir, String... files) throws IOException {
        for (String file : files) {
            Path path = dir.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "content of " + file);
        }
        return dir;
    }
}
