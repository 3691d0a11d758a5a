package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The function over real HTTP and real CloudEvents, on real TensorFlow fixture models. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class ScoreFunctionTest {

    private static final byte[] PNG = TestImages.square(28, 28, "png");
    private static final byte[] JPEG = TestImages.square(40, 32, "jpeg");

    /** A request that also asks for the DDP, at two timesteps with two repeats. */
    static Map<String, Object> imageRequest(byte[] image) {
        return Map.of("image", TestImages.base64(image), "detectors", List.of("ddp"), "timesteps", List.of(120, 240),
                "repeats", 2);
    }

    @Test
    void jsonScoreHasTheContractFields() {
        Response r = given().contentType(ContentType.JSON).body(imageRequest(PNG))
                .when().post("/score")
                .then().statusCode(200)
                .body("detector", equalTo("knn"))
                .body("falsePositiveRate", equalTo(0.05f))
                .body("scores", allOf(hasKey("knn"), hasKey("ddp")))
                .body("pValues", allOf(hasKey("knn"), hasKey("ddp")))
                .body("label", allOf(greaterThanOrEqualTo(0), lessThan(10)))
                .body("confidence", allOf(greaterThan(0f), lessThan(1.0001f)))
                .body("perTimestep", allOf(hasKey("120"), hasKey("240")))
                .body("baselines", allOf(hasKey("msp"), hasKey("maxLogit"), hasKey("energy")))
                .body("timesteps", equalTo(List.of(120, 240)))
                .body("repeats", equalTo(2))
                .body("denoiserEvaluations", equalTo(2 * (2 + 3))) // repeats x steps of stride 100 from 120 and 240, unguided
                .body("batchSize", greaterThanOrEqualTo(1))
                .body("timingsMs", allOf(hasKey("decode"), hasKey("queue"), hasKey("denoiser"), hasKey("classifier"),
                        hasKey("batch"), hasKey("total")))
                .extract().response();
        float score = r.path("score");
        assertEquals(r.<Float>path("scores.knn"), score);
        boolean ood = r.path("ood");
        assertEquals(score > r.<Float>path("threshold"), ood, "ood must be score > threshold");
        assertEquals(r.<Float>path("pValues.knn") < 0.05f, ood, "ood must be p-value < falsePositiveRate");
        // the fixture classifier has no model card: the names come from the bundle's provenance
        assertEquals(List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
                .get(r.<Integer>path("label")), r.path("labelName"));
    }

    @Test
    void aPlainRequestCostsOneClassifierPass() {
        given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(PNG))).post("/score")
                .then().statusCode(200)
                .body("detector", equalTo("knn"))
                .body("denoiserEvaluations", equalTo(0))
                .body("scores.keySet()", equalTo(java.util.Set.of("knn")))
                .body("$", not(hasKey("perTimestep")));
    }

    @Test
    void oneSampleStepIsTheSingleStepX0Estimate() {
        Map<String, Object> request = Map.of("image", TestImages.base64(PNG), "detectors", List.of("ddp"),
                "timesteps", List.of(120, 480), "repeats", 2, "sampleSteps", 1);
        given().contentType(ContentType.JSON).body(request).post("/score").then().statusCode(200)
                .body("denoiserEvaluations", equalTo(2 * 2)) // repeats x timesteps x one unguided step
                .body("perTimestep", allOf(hasKey("120"), hasKey("480")));
        given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(PNG), "sampleSteps", 0))
                .post("/score").then().statusCode(400).body("error", equalTo("invalid_sample_steps"));
    }

    @Test
    void combinedScoreIsTheMeanOverTimesteps() {
        Response r = given().contentType(ContentType.JSON).body(imageRequest(PNG)).post("/score");
        float s120 = r.path("perTimestep.'120'");
        float s240 = r.path("perTimestep.'240'");
        assertEquals((s120 + s240) / 2, r.<Float>path("scores.ddp"), 1e-5);
        assertTrue(s120 > 0 && s240 > 0, "denoising moves the logits");
    }

    @Test
    void withoutASeedTheNoiseIsKeyedToTheImage() {
        long first = given().contentType("image/png").body(PNG).post("/score").then().statusCode(200).extract()
                .jsonPath().getLong("seed");
        long again = given().contentType("image/png").body(PNG).post("/score").jsonPath().getLong("seed");
        long other = given().contentType("image/jpeg").body(JPEG).post("/score").jsonPath().getLong("seed");
        assertEquals(first, again, "the same image gets the same noise");
        assertNotEquals(first, other, "another image gets other noise");
    }

    @Test
    void sameRequestSameScoreOtherSeedOtherScore() {
        float first = ddpScore(5);
        assertEquals(first, ddpScore(5));
        assertNotEquals(first, ddpScore(6));
    }

    private static float ddpScore(int seed) {
        Map<String, Object> seeded = Map.of("image", TestImages.base64(PNG), "detectors", List.of("ddp"),
                "timesteps", List.of(240), "repeats", 1, "seed", seed);
        return given().contentType(ContentType.JSON).body(seeded).post("/score").then().statusCode(200)
                .extract().path("scores.ddp");
    }

    @Test
    void anImageLikeTheTrainingImagesIsInTheOtherIsOut() {
        double[] grey = new double[28 * 28];
        double[] contrast = new double[28 * 28];
        java.util.Random random = new java.util.Random(1); // p-value 0.78 under the fixture bundle: one of the 95 %
        for (int p = 0; p < grey.length; p++) {
            grey[p] = 0.3 + 0.4 * random.nextDouble(); // drawn like the fixture bundle's training images
            contrast[p] = p % 2 == (p / 28) % 2 ? 1.0 : 0.0; // a checkerboard: nothing like them
        }
        given().contentType(ContentType.JSON).body(Map.of("pixels", grey, "shape", List.of(28, 28, 1)))
                .post("/score").then().statusCode(200).body("ood", equalTo(false)).body("pValues.knn", greaterThan(0.05f));
        given().contentType(ContentType.JSON).body(Map.of("pixels", contrast, "shape", List.of(28, 28, 1)))
                .post("/score").then().statusCode(200).body("ood", equalTo(true)).body("pValues.knn", lessThan(0.05f));
    }

    @Test
    void unknownDetectorIsRefusedNamingTheKnownOnes() {
        given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(PNG), "detectors", List.of("nope")))
                .post("/score").then().statusCode(400)
                .body("error", equalTo("unknown_detector"))
                .body("message", allOf(containsString("nope"), containsString("knn"), containsString("ddp"),
                        containsString("denoisedKnn"), containsString("mahalanobis")));
    }

    @Test
    void everyDetectorCanBeAskedFor() {
        List<String> all = List.of("msp", "maxLogit", "energy", "knn", "mahalanobis", "residual", "vim", "denoisedKnn",
                "denoisedShift", "fusedKnn", "fusedFisher", "ddp");
        Response r = given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(PNG), "detectors", all))
                .post("/score").then().statusCode(200).extract().response();
        assertEquals(new java.util.HashSet<>(all), r.<Map<String, Float>>path("scores").keySet());
        assertEquals(new java.util.HashSet<>(all), r.<Map<String, Float>>path("pValues").keySet());
        for (String name : all) {
            float p = r.path("pValues." + name);
            assertTrue(p > 0 && p <= 1, name + " p-value " + p);
        }
    }

    @Test
    void detectorsAreListedWithCostAndCalibration() {
        given().get("/detectors").then().statusCode(200)
                .body("decision", equalTo("knn"))
                .body("falsePositiveRate", equalTo(0.05f))
                .body("classNames", hasSize(10))
                .body("detectors.name", hasItems("msp", "maxLogit", "energy", "knn", "mahalanobis", "residual", "vim",
                        "denoisedKnn", "ddp"))
                .body("detectors.find { it.name == 'knn' }.fitted", equalTo(true))
                .body("detectors.find { it.name == 'knn' }.usesDenoiser", equalTo(false))
                .body("detectors.find { it.name == 'knn' }.denoiserEvaluations", equalTo(0))
                .body("detectors.find { it.name == 'knn' }.validationHistogram.counts", hasSize(20))
                .body("detectors.find { it.name == 'ddp' }.fitted", equalTo(false))
                .body("detectors.find { it.name == 'ddp' }.usesDenoiser", equalTo(true))
                .body("detectors.find { it.name == 'ddp' }.denoiserEvaluations", equalTo(2 * (2 + 5)))
                .body("detectors.find { it.name == 'denoisedKnn' }.denoiserEvaluations", equalTo(2 * 1));
    }

    @Test
    void explanationShowsDenoisedImagesChangesAndNeighbours() throws java.io.IOException {
        Map<String, Object> request = Map.of("image", TestImages.base64(PNG), "explain", true, "timesteps",
                List.of(120, 240), "repeats", 1);
        Response r = given().contentType(ContentType.JSON).body(request).post("/score").then().statusCode(200)
                .body("explanation.denoised", allOf(hasKey("120"), hasKey("240")))
                .body("explanation.neighbours", hasSize(5))
                .body("explanation.neighbours[0]", allOf(hasKey("index"), hasKey("label"), hasKey("similarity"),
                        hasKey("thumbnail")))
                .body("explanation.probabilities.input", hasSize(10))
                .body("explanation.probabilities.denoised.'240'", hasSize(10))
                .extract().response();
        for (String png : List.of(r.<String>path("explanation.denoised.'120'"), r.<String>path("explanation.changeMap"),
                r.<String>path("explanation.neighbours[0].thumbnail"))) {
            byte[] bytes = java.util.Base64.getDecoder().decode(png);
            assertEquals(28, javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes)).getWidth(), "a 28x28 PNG");
        }
        float first = r.path("explanation.neighbours[0].similarity");
        float last = r.path("explanation.neighbours[4].similarity");
        assertTrue(first >= last, "neighbours come nearest first");
        given().contentType("image/png").body(PNG).post("/score?explain=true").then().statusCode(200)
                .body("explanation.denoised", hasKey("480"));
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
                .then().statusCode(200).body("detector", equalTo("knn")).body("scores", hasKey("knn"));
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
                .body("detector", equalTo("knn")).body("scores", allOf(hasKey("knn"), hasKey("ddp")))
                .body("perTimestep", hasKey("240"));
    }

    @Test
    void structuredCloudEvent() {
        Map<String, Object> event = Map.of("specversion", "1.0", "id", "2", "source", "test", "type", "diffood.score",
                "datacontenttype", "application/json", "data", imageRequest(PNG));
        given().contentType("application/cloudevents+json").body(event).post("/")
                .then().statusCode(200)
                .body("type", equalTo("diffood.score.result"))
                .body("data.detector", equalTo("knn"))
                .body("data.pValues", hasKey("ddp"))
                .body("data.baselines", hasKey("energy"));
    }

    @Test
    void binaryCloudEventWithRawImage() {
        given().header("ce-id", "3").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "diffood.score.image").contentType("image/png").body(PNG)
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "diffood.score.result")
                .body("detector", equalTo("knn")).body("pValues", hasKey("knn"));
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnScore() throws Exception {
        int n = 8;
        List<Map<String, Object>> requests = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(Map.of("image", TestImages.base64(PNG), "detectors", List.of("ddp"), "timesteps", List.of(120),
                    "repeats", 1, "seed", 100 + i));
        }
        float[] alone = new float[n];
        for (int i = 0; i < n; i++) {
            alone[i] = given().contentType(ContentType.JSON).body(requests.get(i)).post("/score").path("scores.ddp");
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<Response>> futures = new java.util.ArrayList<>();
            for (Map<String, Object> request : requests) {
                futures.add(pool.submit(() -> given().contentType(ContentType.JSON).body(request).post("/score")));
            }
            // whether they share a batch depends on timing; that batching works is MicroBatcherTest's, deterministically
            for (int i = 0; i < n; i++) {
                Response r = futures.get(i).get();
                assertEquals(200, r.statusCode());
                assertEquals(100 + i, r.<Integer>path("seed"));
                assertEquals(alone[i], r.<Float>path("scores.ddp"), 1e-5, "request " + i + " got someone else's score");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void metricsCountBatchesAndDecisions() {
        given().contentType(ContentType.JSON).body(imageRequest(PNG)).post("/score").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("diffood_batch_size_count"))
                .body(org.hamcrest.Matchers.containsString("diffood_answers_total"))
                .body(org.hamcrest.Matchers.containsString("diffood_ood_answers_total"))
                .body(org.hamcrest.Matchers.containsString("diffood_model_time_seconds_count{model=\"denoiser\""))
                .body(org.hamcrest.Matchers.containsString("diffood_score_bucket"));
    }

    @Test
    void readinessIsUpWithModelsLoaded() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.data.bundle", containsString("test-models/ood"));
    }
}
