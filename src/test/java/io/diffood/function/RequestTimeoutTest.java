package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A request not scored within diffood.limits.request-timeout gets a 503 naming the limit. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
@TestProfile(RequestTimeoutTest.OneMillisecond.class)
class RequestTimeoutTest {

    public static class OneMillisecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the batcher alone waits 50 ms for company, so no request can make it in time
            return Map.of("diffood.limits.request-timeout", "1ms", "diffood.batch.max-wait", "50ms");
        }
    }

    @Test
    void slowRequestGets503Timeout() {
        given().contentType("image/png").body(TestImages.square(28, 28, "png")).post("/score")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body("error", equalTo("timeout"))
                .body("message", org.hamcrest.Matchers.containsString("diffood.limits.request-timeout"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
