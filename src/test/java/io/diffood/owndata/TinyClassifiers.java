package io.diffood.owndata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.tools.DiffoodTools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** Tiny classifiers trained by {@code train} on generated images (6 held out), for the tests of their cards. */
final class TinyClassifiers {

    static final String VALIDATION = "6";

    private TinyClassifiers() {
    }

    /** Trains only a classifier into {@code out} ({@code more}: further options); returns its folder. */
    static Path train(Path data, Path out, int steps, String... more) {
        String[] common = {"train", "--data", data.toString(), "--out", out.toString(), "--only", "classifier",
                "--validation", VALIDATION, "--classifier-depth", "8", "--classifier-batch", "8",
                "--classifier-steps", Integer.toString(steps)};
        String[] args = Stream.concat(Arrays.stream(common), Arrays.stream(more)).toArray(String[]::new);
        assertEquals(0, DiffoodTools.run(args), String.join(" ", args));
        return out.resolve("classifier");
    }

    static JsonNode card(Path model) throws IOException {
        return new ObjectMapper().readTree(model.resolve("model-card.json").toFile());
    }
}
