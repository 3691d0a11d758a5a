package io.diffood.function;

import io.diffood.testing.DamagedBundles;
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

/** A bundle fitted for another classifier: not ready, naming the checksum that differs. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
@TestProfile(MismatchedBundleTest.Profile.class)
class MismatchedBundleTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffood.bundle.path", DamagedBundles.forOtherModels().toString());
        }
    }

    @Test
    void notReadyNamingTheModel() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'models' }.data.reason", containsString("fitted for the classifier"));
        given().get("/detectors").then().statusCode(503).body("error", equalTo("model_unavailable"));
    }
}
