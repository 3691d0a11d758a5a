package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With room for two requests in flight, a flood gets 503 + Retry-After at once, never a 5xx or a hang. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
@TestProfile(OverloadTest.TwoInFlight.class)
class OverloadTest {

    public static class TwoInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffood.batch.queue-capacity", "2", "diffood.batch.max-size", "1",
                    "diffood.limits.max-denoiser-calls", "100000");
        }
    }

    @Test
    void floodIsRefusedWith503AndTheServerRecovers() throws Exception {
        // 8 timesteps x 16 repeats from t near T: thousands of denoiser evaluations per request
        Map<String, Object> heavy = Map.of("image", TestImages.base64(TestImages.square(28, 28, "png")),
                "timesteps", List.of(999, 990, 980, 970, 960, 950, 940, 930), "repeats", 16);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> given().contentType("application/json").body(heavy).post("/score")));
            }
            int refused = 0;
            for (Future<Response> f : answers) {
                Response r = f.get();
                assertTrue(r.statusCode() == 200 || r.statusCode() == 503, "status " + r.statusCode());
                if (r.statusCode() == 503) {
                    assertEquals("overloaded", r.jsonPath().getString("error"));
                    assertEquals("1", r.header("Retry-After"));
                    refused++;
                }
            }
            assertTrue(refused > 0, "12 concurrent requests with room for 2: none was refused");
        } finally {
            pool.shutdown();
        }
        given().contentType("application/json")
                .body(Map.of("image", TestImages.base64(TestImages.square(28, 28, "png")), "timesteps", List.of(20), "repeats", 1))
                .post("/score").then().statusCode(200);
    }
}
