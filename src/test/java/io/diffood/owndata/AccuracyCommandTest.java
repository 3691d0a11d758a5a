package io.diffood.owndata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.diffood.model.TensorFlowNatives;
import io.diffood.tools.DiffoodTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accuracy} compares classifier exports on the validation part that {@code train} held out: alone it repeats
 * each model card's accuracies, and with {@code --ensembles} it adds their logit-averaged combinations.
 */
class AccuracyCommandTest {

    @Test
    void eachExportAloneMatchesItsCardAndTheEnsembleIsAddedAfterThem(@TempDir Path dir) throws IOException {
        TensorFlowNatives.ensureLoaded();
        Path data = ColourImages.folder(dir.resolve("images"), 8, 21);
        Path first = TinyClassifiers.train(data, dir.resolve("first"), 4);
        Path second = TinyClassifiers.train(data, dir.resolve("second"), 2, "--classifier-init", first.toString());
        Path table = dir.resolve("accuracy.md");

        assertEquals(0, DiffoodTools.run("accuracy", "--data", data.toString(),
                "--validation", TinyClassifiers.VALIDATION, "a=" + first, "b=" + second, "--ensembles",
                "--out", table.toString()));

        List<String> rows = Files.readAllLines(table).stream().dropWhile(line -> !line.startsWith("|---"))
                .skip(1).toList();
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertEquals(row("a", TinyClassifiers.card(first)), rows.get(0));
        assertEquals(row("b", TinyClassifiers.card(second)), rows.get(1));
        assertTrue(rows.get(2).startsWith("| a + b | "), rows.get(2));
    }

    @Test
    void tooManyClassifiersForEveryEnsembleAreRefused(@TempDir Path dir) {
        String[] args = Stream.concat(Stream.of("accuracy", "--ensembles"),
                Stream.of("1", "2", "3", "4", "5", "6", "7").map(n -> n + "=" + dir.resolve(n))).toArray(String[]::new);
        assertEquals(2, DiffoodTools.run(args));
    }

    @Test
    void aFolderWithoutASavedModelIsRefusedAsBadData(@TempDir Path dir) {
        assertEquals(DiffoodTools.DATA_ERROR, DiffoodTools.run("accuracy", "missing=" + dir.resolve("missing")));
    }

    /** Without --test-data the test images are the validation part, so both columns repeat the card's figure. */
    private static String row(String name, JsonNode card) {
        assertEquals(card.get("validationAccuracy").asDouble(), card.get("testAccuracy").asDouble());
        String accuracy = String.format("%.4f", card.get("validationAccuracy").asDouble());
        return "| " + name + " | " + accuracy + " | " + accuracy + " |";
    }
}
