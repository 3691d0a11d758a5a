package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

/** Each bad input gets its 4xx and error code in a JSON body; a good request still works after it. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class BadInputTest {

    private static final String PNG64 = TestImages.base64(TestImages.square(28, 28, "png"));

    @AfterEach
    void serverStillScores() {
        given().contentType(ContentType.JSON).body(Map.of("image", PNG64, "timesteps", List.of(40), "repeats", 1))
                .post("/score").then().statusCode(200).body("score", greaterThan(0f));
    }

    private static void expect(Object body, int status, String error) {
        given().contentType(ContentType.JSON).body(body).post("/score")
                .then().statusCode(status).contentType(ContentType.JSON)
                .body("error", equalTo(error)).body("message", not(emptyOrNullString()));
    }

    @Test
    void notBase64() {
        expect(Map.of("image", "@@@ not base64 @@@"), 400, "invalid_base64");
    }

    @Test
    void notAnImage() {
        expect(Map.of("image", TestImages.base64("hello, this is text".getBytes())), 400, "not_an_image");
    }

    @Test
    void truncatedPng() {
        byte[] png = TestImages.square(64, 64, "png");
        expect(Map.of("image", TestImages.base64(Arrays.copyOf(png, png.length / 2))), 400, "corrupt_image");
    }

    @Test
    void pixelsOfTheWrongShape() {
        expect(Map.of("pixels", new double[10], "shape", List.of(28, 28, 1)), 400, "invalid_shape");
        expect(Map.of("pixels", new double[10], "shape", List.of(10)), 400, "invalid_shape");
    }

    @Test
    void pixelsOutOfRangeOrNotANumber() {
        expect(Map.of("pixels", new double[] {0.5, 255}, "shape", List.of(1, 2, 1)), 400, "invalid_pixels");
        expect(Map.of("pixels", List.of(0.5, "NaN"), "shape", List.of(1, 2, 1)), 400, "invalid_pixels");
    }

    @Test
    void emptyBody() {
        given().contentType(ContentType.JSON).body("").post("/score")
                .then().statusCode(400).body("error", equalTo("empty_body"));
    }

    @Test
    void notJson() {
        given().contentType(ContentType.JSON).body("{\"image\": ").post("/score")
                .then().statusCode(400).body("error", equalTo("invalid_json"));
    }

    @Test
    void wrongJsonType() {
        expect(Map.of("image", PNG64, "repeats", "many"), 400, "invalid_json");
    }

    @Test
    void unknownField() {
        expect(Map.of("image", PNG64, "repeat", 2), 400, "unknown_field");
    }

    @Test
    void missingImage() {
        expect(Map.of("seed", 1), 400, "missing_image");
    }

    @Test
    void timestepsOutsideTheSchedule() {
        expect(Map.of("image", PNG64, "timesteps", List.of(0)), 400, "invalid_timesteps");
        expect(Map.of("image", PNG64, "timesteps", List.of(1000)), 400, "invalid_timesteps");
        expect(Map.of("image", PNG64, "timesteps", List.of(-5)), 400, "invalid_timesteps");
        expect(Map.of("image", PNG64, "timesteps", List.of()), 400, "invalid_timesteps");
    }

    @Test
    void repeatsOutOfRange() {
        expect(Map.of("image", PNG64, "repeats", 17), 400, "invalid_repeats");
        expect(Map.of("image", PNG64, "repeats", 0), 400, "invalid_repeats");
    }

    @Test
    void tooMuchWorkForOneRequest() {
        expect(Map.of("image", PNG64, "timesteps", List.of(999, 998, 997), "repeats", 16), 400, "too_much_work");
    }

    @Test
    void rawBodyThatIsNotAnImage() {
        given().contentType("image/png").body("not a png at all".getBytes()).post("/score")
                .then().statusCode(400).body("error", equalTo("not_an_image"));
    }

    @Test
    void unknownCloudEventType() {
        given().header("ce-id", "9").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "diffood.nothing").contentType(ContentType.JSON).body(Map.of("image", PNG64))
                .post("/")
                .then().statusCode(404).body("error", equalTo("no_function"));
    }

    @Test
    void cloudEventWithBadData() {
        given().header("ce-id", "10").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "diffood.score").contentType(ContentType.JSON).body(Map.of("image", "%%%"))
                .post("/")
                .then().statusCode(400).body("error", equalTo("invalid_base64"));
    }
}
