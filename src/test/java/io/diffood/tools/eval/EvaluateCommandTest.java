package io.diffood.tools.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.testing.FixtureModelsResource;
import io.diffood.tools.DiffoodTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The evaluation command end to end on the fixture models and their bundle: every detector of the suite side by side,
 * the decision detector first, costs from the cost model, observed false-positive rates from the p-values, and a
 * re-rendered report with another decision detector that keeps every number.
 */
class EvaluateCommandTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    @TempDir
    Path out;

    @Test
    void everyDetectorSideBySideWithCostsAndObservedFalsePositiveRates() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "needs dataset-fashion-mnist");
        FixtureModelsResource.buildOnce();
        int status = DiffoodTools.run("evaluate", "--split", "validation", "--samples", "8", "--batch", "4",
                "--sets", "uniform-noise,gaussian-noise", "--out", out.toString(),
                "--set", "diffood.denoiser.path=" + FixtureModelsResource.DIR.resolve("denoiser"),
                "--set", "diffood.classifier.path=" + FixtureModelsResource.DIR.resolve("classifier"),
                "--set", "diffood.ddp.timesteps=20,40", "--set", "diffood.ddp.repeats=1");
        assertEquals(0, status);

        ObjectMapper json = new ObjectMapper();
        JsonNode result = json.readTree(out.resolve("evaluation.json").toFile());
        assertEquals("fashion-mnist-validation", result.at("/inDistribution/name").asText());
        assertEquals("knn", result.get("decision").asText(), "the fixture bundle decides by knn");
        List<String> names = new ArrayList<>();
        result.get("detectors").forEach(d -> names.add(d.get("name").asText()));
        assertEquals("knn", names.get(0), "the decision detector comes first");
        assertTrue(names.containsAll(List.of("msp", "maxLogit", "energy", "mahalanobis", "residual", "vim",
                "denoisedKnn", "denoisedShift", "fusedKnn", "fusedFisher", "ddp")), names.toString());
        // the fixture sampler: stride 20, guidance on, so 2 evaluations per DDIM step
        assertEquals(List.of(20, 40), List.of(result.at("/timing/unionTimesteps/0").asInt(),
                result.at("/timing/unionTimesteps/1").asInt()), "the union of the detectors' timesteps, ascending");
        JsonNode knn = detector(result, "knn");
        JsonNode ddp = detector(result, "ddp");
        JsonNode denoised = detector(result, "denoisedKnn");
        assertEquals(0, knn.get("denoiserEvaluations").asInt());
        assertEquals(1, knn.get("classifierPasses").asInt());
        assertEquals(result.at("/timing/unionEvaluations").asInt(), ddp.get("denoiserEvaluations").asInt());
        assertEquals(3, ddp.get("classifierPasses").asInt());
        assertEquals(1, denoised.get("denoiserEvaluations").asInt(), "t = 40, stride 100, unguided: 1 step");
        assertEquals(2, denoised.get("classifierPasses").asInt());
        assertTrue(denoised.get("usesDenoiser").asBoolean() && !knn.get("usesDenoiser").asBoolean());
        assertTrue(ddp.get("msPerImage").asDouble() > knn.get("msPerImage").asDouble());
        assertTrue(knn.get("observedFpr").isNumber(), "knn is calibrated by the bundle");
        for (JsonNode set : result.get("oodSets")) {
            assertEquals(names.size(), set.get("metrics").size());
            double auroc = set.at("/metrics/knn/auroc").asDouble();
            assertTrue(auroc >= 0 && auroc <= 1, "AUROC " + auroc);
        }
        List<String> csv = Files.readAllLines(out.resolve("scores.csv"));
        assertEquals(1 + 3 * 8, csv.size());
        assertTrue(csv.get(0).startsWith("set,id,label,knn,") && csv.get(0).contains(",p:knn"), csv.get(0));
        for (String file : List.of("evaluation.md", "roc-uniform-noise.png", "hist-gaussian-noise.png")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(out.resolve("evaluation.md")).contains("| **knn** (decision) |"));

        // the same run's report with the DDP deciding: nothing rescored, every number kept
        assertEquals(0, DiffoodTools.run("evaluate", "--rerender", "--out", out.toString(),
                "--set", "diffood.decision.detector=ddp"));
        JsonNode again = json.readTree(out.resolve("evaluation.json").toFile());
        assertEquals("ddp", again.get("decision").asText());
        assertEquals("ddp", again.at("/detectors/0/name").asText());
        for (int s = 0; s < 2; s++) {
            for (String name : names) {
                assertEquals(result.at("/oodSets/" + s + "/metrics/" + name + "/auroc").asDouble(),
                        again.at("/oodSets/" + s + "/metrics/" + name + "/auroc").asDouble(), 1e-12, name);
            }
        }
        assertEquals(knn.get("msPerImage").asDouble(), detector(again, "knn").get("msPerImage").asDouble(), 1e-9);
        assertEquals(knn.get("observedFpr").asDouble(), detector(again, "knn").get("observedFpr").asDouble(), 1e-12);
        assertTrue(again.at("/run/rerenderedBy").asText().contains("--rerender"));
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
