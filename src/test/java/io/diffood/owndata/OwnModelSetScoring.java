package io.diffood.owndata;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diffood.testing.TestImages;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The function serving a model set made from the user's own 32x32 colour images: it loads, names the classes, and
 * scores a new image of the same kind over HTTP with every detector it offers.
 */
abstract class OwnModelSetScoring {

    @Test
    void servesTheTrainedShapeAndClasses() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/detectors").then().statusCode(200)
                .body("classNames", equalTo(ColourImages.CLASSES))
                .body("modelSet", equalTo("models"));
    }

    @Test
    void theWebPageExamplesAreHeldOutImagesOfTheSet() {
        given().get("/examples").then().statusCode(200)
                .body("modelSet", equalTo("models"))
                .body("examples.name", equalTo(List.of("00-blues.png", "01-greens.png", "02-reds.png")));
        given().get("/examples/02-reds.png").then().statusCode(200).contentType("image/png");
    }

    @Test
    void scoresAnImageWithEveryDetector() {
        List<String> detectors = given().get("/detectors").then().statusCode(200).extract().jsonPath()
                .getList("detectors.name");
        String image = TestImages.base64(ColourImages.png(ColourImages.image(2, 32, 32, new Random(99))));
        JsonPath answer = given().contentType(ContentType.JSON)
                .body(Map.of("image", image, "detectors", detectors))
                .post("/score").then().statusCode(200)
                .body("label", equalTo(2), "labelName", equalTo("reds"))
                .body("scores.keySet()", containsInAnyOrder(detectors.toArray()))
                .body("ood", is(org.hamcrest.Matchers.anyOf(is(true), is(false))))
                .extract().jsonPath();
        assertEquals(detectors.size(), answer.getMap("pValues").size() + unfitted(detectors, answer),
                "every detector has a p-value unless the bundle has no calibration of it");
    }

    private static int unfitted(List<String> detectors, JsonPath answer) {
        return (int) detectors.stream().filter(d -> !answer.getMap("pValues").containsKey(d)).count();
    }
}
