package io.diffood.tools.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.testing.FixtureModelsResource;
import io.diffood.tools.DiffoodTools;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The adaptive attacker on the network: every query a {@code POST /score} to the running function. With the seed
 * pinned, as the API allows, the function's answers are the scoring stack's under that seed, so what the attack
 * crafted over HTTP lowers the target's score as the tool measures it in process.
 */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class AttackOverHttpTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TestHTTPResource("/")
    URL function;

    @TempDir
    Path out;

    @Test
    void anAttackerWhoPinsTheSeedOverHttpLowersTheScoreOfThatSeed() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "needs dataset-fashion-mnist");
        int exit = DiffoodTools.run("attack", "--mode", "adaptive", "--target", "denoisedKnn", "--noise", "fixed",
                "--endpoint", function.toString(), "--detectors", "knn,denoisedKnn", "--split", "validation",
                "--ood", "uniform-noise", "--images", "3", "--ind-samples", "8", "--iterations", "6", "--queries", "10",
                "--sigma", "0.02", "--eps", "0.2", "--batch", "3", "--out", out.toString(), "--name", "http",
                "--set", "diffood.denoiser.path=" + FixtureModelsResource.DIR.resolve("denoiser"),
                "--set", "diffood.classifier.path=" + FixtureModelsResource.DIR.resolve("classifier"));
        assertEquals(0, exit);
        JsonNode budget = new ObjectMapper().readTree(out.resolve("http.json").toFile()).at("/budgets/0");
        assertTrue(budget.get("targetAfter").asDouble() < budget.get("targetBefore").asDouble(), budget.toString());
        assertEquals(6 * 10, budget.get("queriesPerImage").asInt());
        assertEquals(6 * 10 * 2, budget.get("evaluationsPerImage").asInt(), "as the function reports them: the "
                + "fixture's denoisedKnn runs 1 DDIM step from t = 40 (stride 100), unguided, for each of 2 repeats");
    }
}
