package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

/** No bundle: served with the DDP and the logit detectors, deciding by the DDP's threshold; readiness says so. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
@TestProfile(MissingBundleTest.Profile.class)
class MissingBundleTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffood.bundle.path", "target/no-such-bundle");
        }
    }

    @Test
    void readyWithoutABundleAndSaysSo() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.data.bundle", containsString("none at"))
                .body("checks.find { it.name == 'models' }.data.bundle", containsString("no-such-bundle"));
    }

    @Test
    void theDdpDecidesAtItsThreshold() {
        given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(TestImages.square(28, 28, "png")))).post("/score").then().statusCode(200)
                .body("detector", equalTo("ddp"))
                .body("threshold", equalTo(0.1f))
                .body("denoiserEvaluations", greaterThan(0))
                .body("pValues", equalTo(Map.of()))
                .body("$", hasKey("perTimestep"));
    }

    @Test
    void fittedDetectorsAreNotOffered() {
        given().get("/detectors").then().statusCode(200)
                .body("decision", equalTo("ddp"))
                .body("detectors.name", not(hasItem("knn")))
                .body("detectors.fitted", everyItem(equalTo(false)));
        given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(TestImages.square(28, 28, "png")), "detectors",
                List.of("knn"))).post("/score").then().statusCode(400).body("error", equalTo("unknown_detector"));
    }
}
