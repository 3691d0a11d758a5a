package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The function over real HTTP and real CloudEvents, on real TensorFlow fixture models. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class ScoreFunctionTest {

    private static final byte[] PNG = TestImages.square(28, 28, "png");
    private static final byte[] JPEG = TestImages.square(40, 32, "jpeg");

    static Map<String, Object> imageRequest(byte[] image) {
        return Map.of("image", TestImages.base64(image), "timesteps", List.of(120, 240), "repeats", 2);
    }

    @Test
    void jsonScoreHasTheContractFields() {
        Response r = given().contentType(ContentType.JSON).body(imageRequest(PNG)).when().post("/score");
        r.then().statusCode(200)
                .body("score", greaterThan(0f))
                .body("label", allOf(greaterThanOrEqualTo(0), lessThan(10)))
                .body("confidence", allOf(greaterThan(0f), lessThan(1.0001f)))
                .body("perTimestep", allOf(hasKey("120"), hasKey("240")))
                .body("baselines", allOf(hasKey("msp"), hasKey("maxLogit"), hasKey("energy")))
                .body("seed", equalTo(0))
                .body("denoiserEvaluations", equalTo(2 * (6 + 12) * 2))
                .body("batchSize", greaterThanOrEqualTo(1))
                .body("timingsMs", allOf(hasKey("decode"), hasKey("queue"), hasKey("denoiser"), hasKey("classifier"),
                        hasKey("batch"), hasKey("total")));
        double threshold = r.jsonPath().getDouble("threshold");
        assertEquals(ConfigProvider.getConfig().getValue("diffood.ddp.threshold", Double.class), threshold, 1e-9,
                "the configured threshold");
        assertEquals(r.jsonPath().getDouble("score") > threshold, r.jsonPath().getBoolean("ood"), "ood = score > threshold");
    }

    @Test
    void combinedScoreIsTheMeanOverTimesteps() {
        Response r = given().contentType(ContentType.JSON).body(imageRequest(PNG)).post("/score");
        float s120 = r.path("perTimestep.'120'");
        float s240 = r.path("perTimestep.'240'");
        assertEquals((s120 + s240) / 2, r.<Float>path("score"), 1e-5);
    }

    @Test
    void sameRequestSameScoreOtherSeedOtherScore() {
        Map<String, Object> seeded = Map.of("image", TestImages.base64(PNG), "timesteps", List.of(240), "repeats", 1, "seed", 5);
        float first = given().contentType(ContentType.JSON).body(seeded).post("/score").path("score");
        float again = given().contentType(ContentType.JSON).body(seeded).post("/score").path("score");
        Map<String, Object> other = Map.of("image", TestImages.base64(PNG), "timesteps", List.of(240), "repeats", 1, "seed", 6);
        float otherSeed = given().contentType(ContentType.JSON).body(other).post("/score").path("score");
        assertEquals(first, again);
        assertNotEquals(first, otherSeed);
    }

    @Test
    void pixelsGiveTheSameScoreAsTheSameImageEncoded() {
        double[] pixels = new double[28 * 28];
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 7; y < 21; y++) {
            for (int x = 7; x < 21; x++) {
                pixels[y * 28 + x] = 183 / 255.0;
                grey.getRaster().setSample(x, y, 0, 183);
            }
        }
        float fromPixels = given().contentType(ContentType.JSON)
                .body(Map.of("pixels", pixels, "shape", List.of(28, 28, 1), "timesteps", List.of(120), "repeats", 1))
                .post("/score").then().statusCode(200).extract().path("score");
        float fromPng = given().contentType(ContentType.JSON)
                .body(Map.of("image", TestImages.base64(TestImages.encode(grey, "png")), "timesteps", List.of(120), "repeats", 1))
                .post("/score").then().statusCode(200).extract().path("score");
        assertEquals(fromPng, fromPixels, 1e-4);
    }

    @Test
    void rawImageBytesOnTheScorePath() {
        given().contentType("image/png").body(PNG).post("/score")
                .then().statusCode(200).body("score", greaterThan(0f)).body("perTimestep", hasKey("480"));
        given().contentType("image/jpeg").body(JPEG).post("/score")
                .then().statusCode(200).body("label", greaterThanOrEqualTo(0));
    }

    @Test
    void binaryCloudEventWithJsonData() {
        given().header("ce-id", "1").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "diffood.score").contentType(ContentType.JSON).body(imageRequest(PNG))
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "diffood.score.result")
                .header("ce-source", "urn:diffood:scorer")
                .body("score", greaterThan(0f)).body("perTimestep", hasKey("240"));
    }

    @Test
    void structuredCloudEvent() {
        Map<String, Object> event = Map.of("specversion", "1.0", "id", "2", "source", "test", "type", "diffood.score",
                "datacontenttype", "application/json", "data", imageRequest(PNG));
        given().contentType("application/cloudevents+json").body(event).post("/")
                .then().statusCode(200)
                .body("type", equalTo("diffood.score.result"))
                .body("data.score", greaterThan(0f))
                .body("data.baselines", hasKey("energy"));
    }

    @Test
    void binaryCloudEventWithRawImage() {
        given().header("ce-id", "3").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "diffood.score.image").contentType("image/png").body(PNG)
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "diffood.score.result")
                .body("score", greaterThan(0f));
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnScore() throws Exception {
        int n = 8;
        List<Map<String, Object>> requests = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(Map.of("image", TestImages.base64(PNG), "timesteps", List.of(120), "repeats", 1, "seed", 100 + i));
        }
        float[] alone = new float[n];
        for (int i = 0; i < n; i++) {
            alone[i] = given().contentType(ContentType.JSON).body(requests.get(i)).post("/score").path("score");
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<Response>> futures = new java.util.ArrayList<>();
            for (Map<String, Object> request : requests) {
                futures.add(pool.submit(() -> given().contentType(ContentType.JSON).body(request).post("/score")));
            }
            int largestBatch = 0;
            for (int i = 0; i < n; i++) {
                Response r = futures.get(i).get();
                assertEquals(200, r.statusCode());
                assertEquals(100 + i, r.<Integer>path("seed"));
                assertEquals(alone[i], r.<Float>path("score"), 1e-5, "request " + i + " got someone else's score");
                largestBatch = Math.max(largestBatch, r.<Integer>path("batchSize"));
            }
            org.junit.jupiter.api.Assertions.assertTrue(largestBatch > 1, "concurrent requests were never batched");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void metricsCountBatchesAndDecisions() {
        given().contentType("image/png").body(PNG).post("/score").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("diffood_batch_size_count"))
                .body(org.hamcrest.Matchers.containsString("diffood_decisions_total"))
                .body(org.hamcrest.Matchers.containsString("diffood_model_time_seconds_count{model=\"denoiser\"}"))
                .body(org.hamcrest.Matchers.containsString("diffood_score_bucket"));
    }

    @Test
    void readinessIsUpWithModelsLoaded() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
