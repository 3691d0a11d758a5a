package io.diffood.tools.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.owndata.OwnModelSet;
import io.diffood.tools.DiffoodTools;
import io.diffood.tools.data.DataSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code evaluate} on a 32x32x3 model set trained from its own images (generated colour classes): in-distribution
 * test images from --id-test, validation images from the held-out part the model card records, the jigsaw near-OOD
 * set disjoint from the in-distribution sample, the paper's t = 0 in the DDP's timesteps, and the anchors table.
 */
class OwnDataEvaluationTest {

    @TempDir
    Path out;

    @Test
    void testSplitFromAGivenTestSourceWithJigsawAnchorsAndTimestepZero() throws IOException {
        Path root = OwnModelSet.forTools();
        assertEquals(0, evaluate(root, "test", "--id-test", root.resolve("test").toString(), "--anchors",
                "openood-cifar10"));
        JsonNode result = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertEquals("models-test", result.at("/inDistribution/name").asText());
        assertEquals(24, result.at("/inDistribution/available").asInt(), "8 test images per class");
        assertEquals(List.of("uniform-noise", "jigsaw"), List.of(result.at("/oodSets/0/sample/name").asText(),
                result.at("/oodSets/1/sample/name").asText()));
        assertEquals(6, result.at("/oodSets/1/sample/sampled").asInt());
        assertJigsawOutsideTheSample();
        // t = 0 is the image noised to abar_0 and classified without denoising (the paper's t = 0): no evaluation
        JsonNode ddp = detector(result, "ddp");
        assertEquals(List.of(0, 20), List.of(result.at("/timing/unionTimesteps/0").asInt(),
                result.at("/timing/unionTimesteps/1").asInt()));
        assertEquals(1, ddp.get("denoiserEvaluations").asInt(), "t = 20: one unguided DDIM step");
        assertEquals(3, ddp.get("classifierPasses").asInt(), "clean, t = 0, t = 20");
        String md = Files.readString(out.resolve("evaluation.md"));
        assertTrue(md.startsWith("# Evaluation: every detector, models (in-distribution)"), md.lines().findFirst().get());
        assertTrue(md.contains("## Anchors") && md.contains("| MSP (published) | 88.03 | 90.73 |")
                && md.contains("comparable in kind, not to the decimal"), md);
        assertTrue(md.contains("| knn (ours) | ") || md.contains("| knn (ours, decision) | "), md);
    }

    @Test
    void validationSplitTakesTheHeldOutPartTheModelCardRecords() throws IOException {
        Path root = OwnModelSet.forTools();
        assertEquals(0, evaluate(root, "validation"));
        JsonNode result = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertEquals("models-validation", result.at("/inDistribution/name").asText());
        Map<?, ?> card = new ObjectMapper().readValue(root.resolve("models/classifier/model-card.json").toFile(),
                Map.class);
        DataSplit split = DataSplit.fromCard((Map<?, ?>) card.get("split"));
        Set<String> heldOut = new HashSet<>();
        for (int i : split.validationIndices(72)) {
            heldOut.add("#" + i);
        }
        assertEquals(18, heldOut.size());
        for (String[] row : rows()) {
            if (row[0].equals("models-validation") || row[0].equals("jigsaw")) {
                assertTrue(heldOut.contains(row[1]), row[0] + " " + row[1] + " is not in the held-out part");
            }
        }
        assertJigsawOutsideTheSample();
        // the card names no test source: the test split says what to give
        assertNotEquals(0, evaluate(root, "test"));
    }

    private int evaluate(Path root, String split, String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--split", split, "--samples", "6", "--batch", "6",
                "--sets", "uniform-noise,jigsaw", "--out", out.toString(),
                "--set", "diffood.models.path=" + root.resolve("models"),
                "--set", "diffood.ddp.timesteps=0,20", "--set", "diffood.ddp.repeats=1"));
        args.addAll(List.of(more));
        return DiffoodTools.run(args.toArray(String[]::new));
    }

    /** Every jigsaw image comes from an in-distribution image the in-distribution sample does not hold. */
    private void assertJigsawOutsideTheSample() throws IOException {
        Set<String> sample = new HashSet<>();
        Set<String> jigsaw = new HashSet<>();
        for (String[] row : rows()) {
            if (row[0].startsWith("models-")) {
                sample.add(row[1]);
            } else if (row[0].equals("jigsaw")) {
                jigsaw.add(row[1]);
            }
        }
        assertEquals(6, sample.size());
        assertEquals(6, jigsaw.size());
        jigsaw.forEach(id -> assertTrue(!sample.contains(id), id + " is in both"));
    }

    private List<String[]> rows() throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("scores.csv"));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    }

    private static JsonNode detector(JsonNode result, String name) {
        for (JsonNode d : result.get("detectors")) {
            if (d.get("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no detector " + name);
    }
}
