package io.diffood.function;

import io.diffood.testing.FixtureModelSets;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A classifier whose model card lists 3 classes for its 10 logits: not ready, naming both numbers and the card. */
@QuarkusTest
@TestProfile(ClassCountMismatchTest.Profile.class)
class ClassCountMismatchTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffood.models.path", FixtureModelSets.withClassifierCard("three-classes",
                    "{\"model\": \"classifier\", \"classes\": [\"cat\", \"dog\", \"bird\"]}").toString());
        }
    }

    @Test
    void notReadyNamingBothCounts() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'models' }.data.reason", allOf(
                        containsString("three-classes/classifier/model-card.json"),
                        containsString("lists 3 classes"),
                        containsString("logits have 10")));
        given().get("/detectors").then().statusCode(503).body("error", equalTo("model_unavailable"));
    }
}
