package io.diffood.tools.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.owndata.OwnModelSet;
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

/** The attack command on the fixture models: the attack lowers its target's score, and a seeded run reproduces. */
class AttackCommandTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    @TempDir
    Path out;

    private int attack(String name, String... more) {
        List<String> args = new ArrayList<>(List.of("attack", "--split", "validation", "--ood", "uniform-noise",
                "--images", "4", "--ind-samples", "8", "--iterations", "6", "--queries", "10", "--sigma", "0.02",
                "--batch", "2", "--out", out.toString(), "--name", name,
                "--set", "diffood.denoiser.path=" + FixtureModelsResource.DIR.resolve("denoiser"),
                "--set", "diffood.classifier.path=" + FixtureModelsResource.DIR.resolve("classifier"),
                "--set", "diffood.ddp.timesteps=20,40", "--set", "diffood.ddp.repeats=1"));
        args.addAll(List.of(more));
        return DiffoodTools.run(args.toArray(String[]::new));
    }

    @Test
    void transferAttackLowersTheTargetScoreWithinItsBudgetAndReproduces() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "needs dataset-fashion-mnist");
        FixtureModelsResource.buildOnce();
        assertEquals(0, attack("one", "--eps", "0.05,0.2"));
        assertEquals(0, attack("two", "--eps", "0.05,0.2"));
        ObjectMapper json = new ObjectMapper();
        JsonNode one = json.readTree(out.resolve("one.json").toFile());
        JsonNode two = json.readTree(out.resolve("two.json").toFile());
        assertEquals("knn", one.get("target").asText());
        JsonNode budgets = one.get("budgets");
        assertEquals(2, budgets.size());
        for (JsonNode b : budgets) {
            assertTrue(b.get("targetAfter").asDouble() < b.get("targetBefore").asDouble(), b.toString());
            assertTrue(b.get("meanLinf").asDouble() <= b.get("epsilon").asDouble() + 1e-6, b.toString());
            assertEquals(6 * 10, b.get("queriesPerImage").asInt());
            assertEquals(0, b.get("evaluationsPerImage").asInt(), "knn is one classifier pass per query");
            assertTrue(b.at("/evaluated/0/auroc").has("ddp"), "every detector scores the attacked images");
        }
        assertTrue(budgets.get(1).get("targetAfter").asDouble() < budgets.get(0).get("targetAfter").asDouble(),
                "a larger budget goes further");
        for (int i = 0; i < 2; i++) {
            assertEquals(budgets.get(i).get("evaluated"), two.get("budgets").get(i).get("evaluated"));
            assertEquals(budgets.get(i).get("targetAfter"), two.get("budgets").get(i).get("targetAfter"));
        }
        assertTrue(Files.readString(out.resolve("README.md")).contains("one.md"));
    }

    @Test
    void aTransferAttackerWithItsOwnSmallBankQueriesOnlyTheClassifier() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "needs dataset-fashion-mnist");
        FixtureModelsResource.buildOnce();
        assertEquals(0, attack("surrogate", "--surrogate", "60", "--eps", "0.2", "--detectors", "knn,denoisedKnn"));
        JsonNode run = new ObjectMapper().readTree(out.resolve("surrogate.json").toFile());
        assertEquals(60, run.at("/settings/surrogateBank").asInt());
        JsonNode budget = run.at("/budgets/0");
        assertEquals(6 * 10, budget.get("queriesPerImage").asInt());
        assertEquals(0, budget.get("evaluationsPerImage").asInt());
        assertTrue(budget.get("targetAfter").asDouble() < budget.get("targetBefore").asDouble(),
                "what fools the surrogate fools the function's knn: " + budget);
        assertEquals(2, DiffoodTools.run("attack", "--surrogate", "60", "--mode", "adaptive"),
                "a surrogate stands in for one-pass targets only");
    }

    @Test
    void transferAttackOnAColourModelSetAtTheCifarBudgets() throws IOException {
        Path root = OwnModelSet.forTools();
        assertEquals(0, DiffoodTools.run("attack", "--split", "validation", "--ood", "uniform-noise", "--images", "4",
                "--ind-samples", "8", "--iterations", "4", "--queries", "10", "--batch", "2", "--surrogate", "20",
                "--eps", "4/255,8/255", "--detectors", "knn,msp", "--out", out.toString(), "--name", "colour",
                "--set", "diffood.models.path=" + root.resolve("models")));
        JsonNode run = new ObjectMapper().readTree(out.resolve("colour.json").toFile());
        assertEquals(4 / 255.0, run.at("/budgets/0/epsilon").asDouble(), 1e-12);
        assertEquals(8 / 255.0, run.at("/budgets/1/epsilon").asDouble(), 1e-12);
        assertTrue(run.at("/budgets/1/meanLinf").asDouble() <= 8 / 255.0 + 1e-6);
        assertEquals("models-validation", run.at("/inDistribution/name").asText());
        assertTrue(run.at("/settings/probes").asText().contains("20 images of models-train"),
                run.at("/settings/probes").asText());
        assertEquals(2, DiffoodTools.run("attack", "--eps", "8/0", "--out", out.toString()), "a budget outside (0, 1]");
    }

    @Test
    void adaptiveAttackUnderAFixedSeedIsAlsoScoredWithNoiseItNeverSaw() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "needs dataset-fashion-mnist");
        FixtureModelsResource.buildOnce();
        assertEquals(0, attack("fixed", "--mode", "adaptive", "--noise", "fixed", "--eps", "0.2"));
        assertEquals(0, attack("keyed", "--mode", "adaptive", "--noise", "keyed", "--eot", "2", "--eps", "0.2"));
        ObjectMapper json = new ObjectMapper();
        JsonNode fixed = json.readTree(out.resolve("fixed.json").toFile());
        assertEquals("denoisedKnn", fixed.get("target").asText());
        JsonNode budget = fixed.at("/budgets/0");
        assertTrue(budget.get("targetAfter").asDouble() < budget.get("targetBefore").asDouble(), budget.toString());
        assertEquals(List.of("fixed", "keyed"), List.of(budget.at("/evaluated/0/noise").asText(),
                budget.at("/evaluated/1/noise").asText()));
        // fixture denoisedKnn: t = 40, stride 100, unguided: 1 evaluation per query
        assertEquals(6 * 10 * 1, budget.get("evaluationsPerImage").asInt());
        JsonNode keyed = json.readTree(out.resolve("keyed.json").toFile());
        assertEquals(6 * 10 * 2, keyed.at("/budgets/0/queriesPerImage").asInt(), "two noise draws per query");
        assertEquals(1, keyed.at("/budgets/0/evaluated").size());
    }
}
