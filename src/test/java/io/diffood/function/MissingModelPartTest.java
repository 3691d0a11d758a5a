package io.diffood.function;

import io.diffood.testing.FixtureModelSets;
import io.diffood.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A model set folder without its denoiser/: not ready, naming the folder and the setting that would override it. */
@QuarkusTest
@TestProfile(MissingModelPartTest.Profile.class)
class MissingModelPartTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffood.models.path", FixtureModelSets.withParts("no-denoiser", "classifier", "ood").toString());
        }
    }

    @Test
    void notReadyNamingTheMissingFolderAndItsSetting() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'models' }.data.reason", allOf(
                        containsString("model set no-denoiser has no denoiser/ folder"),
                        containsString("model-sets/no-denoiser/denoiser"),
                        containsString("diffood.denoiser.path")));
        given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(TestImages.square(28, 28, "png"))))
                .post("/score").then().statusCode(503)
                .body("error", equalTo("model_unavailable"))
                .body("message", containsString("no denoiser/ folder"));
    }

    @Test
    void aModelSetWithoutExamplesListsNone() {
        given().get("/examples").then().statusCode(200)
                .body("modelSet", equalTo("no-denoiser"))
                .body("examples", equalTo(List.of()));
    }
}
