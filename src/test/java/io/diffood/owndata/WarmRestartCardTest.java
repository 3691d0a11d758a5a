package io.diffood.owndata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.diffood.model.TensorFlowNatives;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classifier trained in cycles (a run from random weights, then warm restarts with {@code --classifier-init}) has a
 * card that names every run it descends from, back to the one from random weights: its history is its card, even
 * after the intermediate folders are gone.
 */
class WarmRestartCardTest {

    @Test
    void aSecondWarmRestartsCardChainsBackToTheRunFromRandomWeights(@TempDir Path dir) throws IOException {
        TensorFlowNatives.ensureLoaded();
        Path data = ColourImages.folder(dir.resolve("images"), 8, 21);
        Path first = TinyClassifiers.train(data, dir.resolve("first"), 3);
        Path second = TinyClassifiers.train(data, dir.resolve("second"), 2, "--classifier-init", first.toString());
        Path third = TinyClassifiers.train(data, dir.resolve("third"), 1, "--classifier-init", second.toString());

        JsonNode from = TinyClassifiers.card(third).get("initialisedFrom");
        assertEquals(second.toString(), from.get("model").asText());
        assertEquals(2, from.get("steps").asInt());
        JsonNode fromFrom = from.get("initialisedFrom");
        assertEquals(first.toString(), fromFrom.get("model").asText());
        assertEquals(3, fromFrom.get("steps").asInt());
        assertFalse(fromFrom.has("initialisedFrom"), "the first run started from random weights");
        assertFalse(TinyClassifiers.card(first).has("initialisedFrom"));
    }
}
