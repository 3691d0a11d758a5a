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

/** A damaged bundle file: not ready, naming the file; score requests 503. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
@TestProfile(CorruptBundleTest.Profile.class)
class CorruptBundleTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("diffood.bundle.path", DamagedBundles.corrupt().toString());
        }
    }

    @Test
    void notReadyNamingTheFile() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'models' }.data.reason", containsString("bank.i8"))
                .body("checks.find { it.name == 'models' }.data.bundle", containsString("refused"));
        given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(TestImages.square(28, 28, "png")))).post("/score").then().statusCode(503)
                .header("Retry-After", "1").body("error", equalTo("model_unavailable"));
    }
}
