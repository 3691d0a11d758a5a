package io.diffood.web;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The page's files are served on GET while POST / still reaches Funqy's CloudEvents handler. */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class WebPageRoutesTest {

    private static final byte[] PNG = TestImages.square(28, 28, "png");

    @Test
    void getRootWithAcceptHtmlServesThePage() {
        given().accept("text/html").when().get("/")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<title>diffood"))
                .body(containsString("id=\"decision\""))
                .body(containsString("id=\"file-input\""))
                .body(containsString("id=\"examples\""))
                .body(containsString("src=\"app.js\""));
    }

    @Test
    void getRootWithoutAcceptAndHeadAlsoServeThePage() {
        given().when().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("id=\"decision\""));
        given().when().head("/").then().statusCode(200);
    }

    @Test
    void scriptStylesAndExamplesAreServed() throws IOException {
        given().get("/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/style.css").then().statusCode(200).contentType(startsWith("text/css"));
        for (String example : new String[] {"shoe", "digit", "letter"}) {
            byte[] served = given().get("/examples/" + example + ".png")
                    .then().statusCode(200).contentType("image/png").extract().asByteArray();
            assertArrayEquals(Files.readAllBytes(Path.of("docs", "examples", example + ".png")), served,
                    "the page's " + example + " is the README's docs/examples/" + example + ".png");
        }
    }

    @Test
    void examplesAreListedFromTheServedModelSet() {
        given().get("/examples").then().statusCode(200).contentType(startsWith("application/json"))
                .body("modelSet", equalTo("test-models"))
                .body("examples.name", equalTo(List.of("digit.png", "letter.png", "shoe.png")))
                .body("examples.find { it.name == 'shoe.png' }.caption", containsString("in distribution"));
    }

    @Test
    void unknownExampleIs404NamingIt() {
        given().get("/examples/jumper.png").then().statusCode(404).contentType(startsWith("application/json"))
                .body("error", equalTo("unknown_example"))
                .body("message", containsString("jumper.png"))
                .body("message", containsString("GET /examples"));
        // in the folder, but not an image: not an example
        given().get("/examples/captions.properties").then().statusCode(404).body("error", equalTo("unknown_example"));
    }

    @Test
    void noPathLeavesTheExamplesFolder() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Files.writeString(FixtureModelsResource.DIR.resolve("secret.png"), "not for the web");
        for (String path : List.of("/examples/..%2F..%2F..%2Fpom.xml", "/examples/%2e%2e%2fsecret.png",
                "/examples/..%5Csecret.png", "/examples/%2Fetc%2Fpasswd", "/examples/.%2Fshoe.png",
                "/examples/shoe.png%00.png")) {
            String body = given().urlEncodingEnabled(false).get(path).then()
                    .statusCode(anyOf(equalTo(400), equalTo(404))).extract().asString();
            assertFalse(body.contains("not for the web") || body.contains(pom.substring(0, 200)), path + " leaked a file");
        }
    }

    @Test
    void structuredCloudEventOnRootStillReachesTheFunction() {
        Map<String, Object> event = Map.of("specversion", "1.0", "id", "web-1", "source", "test", "type", "diffood.score",
                "datacontenttype", "application/json", "data", Map.of("image", TestImages.base64(PNG)));
        given().contentType("application/cloudevents+json").body(event).post("/")
                .then().statusCode(200)
                .body("type", equalTo("diffood.score.result"))
                .body("data.detector", equalTo("knn"))
                .body("data", hasKey("ood"));
    }

    @Test
    void binaryCloudEventOnRootStillReachesTheFunction() {
        given().header("ce-id", "web-2").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "diffood.score.image").contentType("image/png").body(PNG)
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "diffood.score.result")
                .body("scores", hasKey("knn"));
    }

    @Test
    void unknownCloudEventTypeOnRootIsStillAJsonError() {
        given().header("ce-id", "web-3").header("ce-specversion", "1.0").header("ce-source", "test")
                .header("ce-type", "diffood.nothing").contentType(ContentType.JSON).body(Map.of("image", "x"))
                .post("/")
                .then().statusCode(404)
                .body("error", equalTo("no_function"));
    }
}
