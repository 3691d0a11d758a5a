package io.diffood.function;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 2,000 requests (good and bad, four at a time so that they batch) leave no NDArray open, by DJL's own
 * accounting of the models' managers and of the engine's system manager. The long soak is a benchmark.
 */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class NativeMemoryLeakTest {

    @Inject
    ModelLifecycle lifecycle;

    @Test
    void twoThousandRequestsLeaveNoArrayOpen() throws Exception {
        Map<String, Object> good = Map.of("image", TestImages.base64(TestImages.square(28, 28, "png")),
                "timesteps", List.of(20), "repeats", 1);
        Map<String, Object> bad = Map.of("image", "not base64!");
        given().contentType("application/json").body(good).post("/score").then().statusCode(200);
        int modelArrays = lifecycle.models().openArrays();
        int systemArrays = systemArrays();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                Map<String, Object> body = i % 10 == 9 ? bad : good;
                statuses.add(pool.submit(() -> given().contentType("application/json").body(body).post("/score").statusCode()));
            }
            for (int i = 0; i < statuses.size(); i++) {
                assertEquals(i % 10 == 9 ? 400 : 200, statuses.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(modelArrays, lifecycle.models().openArrays(), "NDArrays left open under the models");
        assertEquals(systemArrays, systemArrays(), "NDArrays left open under the TensorFlow system manager");
    }

    /** Open arrays of DJL's TensorFlow system manager, the root of every manager. */
    private static int systemArrays() {
        try (NDManager probe = Engine.getEngine("TensorFlow").newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
