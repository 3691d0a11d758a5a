package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A missing model: readiness DOWN naming the path, liveness UP, score requests 503 with the reason. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
@TestProfile(ModelFailureTest.MissingDenoiser.class)
class ModelFailureTest {

    public static class MissingDenoiser implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffood.denoiser.path", "target/no-such-model");
        }
    }

    @Test
    void readinessDownWithTheReasonLivenessUp() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                // by name: Quarkus' own "Graceful Shutdown" check is listed too (quarkus.shutdown.delay-enabled)
                .body("checks.find { it.name == 'models' }.data.reason", containsString("no-such-model"))
                .body("checks.find { it.name == 'models' }.data.reason", containsString("saved_model.pb"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void scoreAnswers503WithTheReason() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", TestImages.base64(TestImages.square(28, 28, "png"))))
                .post("/score")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body("error", equalTo("model_unavailable"))
                .body("message", containsString("denoiser model not found"));
    }
}
