package io.diffood.fuzz;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request-parsing fuzz over real HTTP: valid JSON requests and CloudEvents, mutated at random (characters
 * replaced, deleted, duplicated; values swapped for other JSON values). Every answer is
 * a 200 with a score or a 4xx/503 with a JSON error; a 5xx fails the test and prints the body that caused it.
 * The count (-Dfuzz.requests, default 400) and the seed are fixed, so a run is reproducible and bounded.
 */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class RequestFuzzTest {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 400);
    private static final String PNG64 = TestImages.base64(TestImages.square(6, 6, "png"));
    private static final List<String> SEEDS = List.of(
            "{\"image\":\"" + PNG64 + "\",\"timesteps\":[20],\"repeats\":1,\"seed\":3}",
            "{\"pixels\":[0.0,0.5,1.0,0.25],\"shape\":[2,2,1],\"timesteps\":[20,40],\"repeats\":1}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"f\",\"type\":\"diffood.score\","
                    + "\"datacontenttype\":\"application/json\",\"data\":{\"image\":\"" + PNG64 + "\",\"timesteps\":[20],\"repeats\":1}}");
    private static final String JSON_CHARS = "{}[]\",:0-.eE\\ x";
    private static final List<String> VALUES = List.of("null", "true", "-1", "0", "1e309", "\"\"", "[]", "{}",
            "[null]", "\"NaN\"", "99999999999", "[1,2,3]", "\"x\"", "-0.0", "[20,20]");

    @Test
    void noMutatedRequestGetsA5xx() {
        Random random = new Random(2026);
        for (int sent = 0; sent < REQUESTS; sent++) {
            int which = random.nextInt(SEEDS.size());
            String body = mutate(SEEDS.get(which), random);
            String contentType = which == 2 ? "application/cloudevents+json" : "application/json";
            Response r = given().contentType(contentType).body(body).post(which == 2 ? "/" : "/score");
            int status = r.statusCode();
            assertTrue(status == 200 || status >= 400 && status < 500 || status == 503,
                    "status " + status + " for body: " + body + " -> " + r.asString());
            if (status != 200) {
                assertNotNull(r.jsonPath().getString("error"), "no error code for body: " + body);
            }
        }
        given().contentType("application/json").body(SEEDS.get(0)).post("/score").then().statusCode(200);
        assertEquals(200, given().get("/q/health/live").statusCode());
    }

    static String mutate(String seed, Random random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int pos = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.setCharAt(pos, JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length())));
                case 1 -> s.deleteCharAt(pos);
                case 2 -> s.insert(pos, s.substring(pos, Math.min(s.length(), pos + 1 + random.nextInt(8))));
                case 3 -> { // replace the value after a colon with another JSON value
                    int colon = s.indexOf(":", pos);
                    if (colon >= 0) {
                        int end = colon + 1;
                        while (end < s.length() && ",}".indexOf(s.charAt(end)) < 0) {
                            end++;
                        }
                        s.replace(colon + 1, end, VALUES.get(random.nextInt(VALUES.size())));
                    }
                }
                default -> s.setLength(pos); // truncate
            }
        }
        return s.toString();
    }
}
