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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The evaluation command end to end on the fixture models: the validation split and the derived trade-off rows. */
class EvaluateCommandTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    @TempDir
    Path out;

    @Test
    void tradeoffRowsFromTheMainRunEqualItsPerTimestepAndCombinedScores() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "needs dataset-fashion-mnist");
        FixtureModelsResource.buildOnce();
        int status = DiffoodTools.run("evaluate", "--split", "validation", "--samples", "6", "--datasets", "../shared/datasets",
                "--sets", "uniform-noise,gaussian-noise", "--out", out.toString(),
                "--tradeoff", "--tradeoff-settings", "40/1;20,40/1;40/2",
                "--set", "diffood.denoiser.path=" + FixtureModelsResource.DIR.resolve("denoiser"),
                "--set", "diffood.classifier.path=" + FixtureModelsResource.DIR.resolve("classifier"),
                "--set", "diffood.ddp.timesteps=20,40", "--set", "diffood.ddp.repeats=1");
        assertEquals(0, status);

        JsonNode result = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertEquals("fashion-mnist-validation", result.at("/inDistribution/name").asText());
        assertEquals("validation", result.at("/settings/split").asText());
        JsonNode rows = result.get("tradeoff");
        assertEquals(3, rows.size());
        JsonNode t40 = rows.get(0);
        JsonNode both = rows.get(1);
        JsonNode twoRepeats = rows.get(2);
        assertTrue(t40.get("fromMainRun").asBoolean() && both.get("fromMainRun").asBoolean());
        assertFalse(twoRepeats.get("fromMainRun").asBoolean(), "other repeats must be scored, not derived");
        assertEquals(both.get("denoiserEvaluationsPerImage").asInt(), result.at("/timing/denoiserEvaluationsPerImage").asInt());
        for (JsonNode set : result.get("oodSets")) {
            String name = set.at("/sample/name").asText();
            assertEquals(set.at("/metrics/DDP/auroc").asDouble(), both.at("/auroc/" + name).asDouble(), 1e-9, name);
            assertEquals(set.at("/metrics/DDP t=40/auroc").asDouble(), t40.at("/auroc/" + name).asDouble(), 1e-9, name);
        }
        for (String file : List.of("evaluation.md", "scores.csv", "roc-uniform-noise.png", "hist-gaussian-noise.png")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
    }
}
