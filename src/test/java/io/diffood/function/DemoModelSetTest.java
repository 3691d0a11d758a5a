package io.diffood.function;

import io.diffood.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The default configuration serves the committed demo model set (diffood.models.path=models/demo): its bundle
 * belongs to its models, its name and the class names of its classifier's model card are in the answers.
 */
@QuarkusTest
class DemoModelSetTest {

    static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    @Test
    void readyWithTheDemoBundle() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'models' }.data.bundle", containsString("models/demo/ood"));
    }

    @Test
    void detectorsNameTheModelSetAndItsClasses() {
        given().get("/detectors").then().statusCode(200)
                .body("modelSet", equalTo("demo"))
                .body("classNames", equalTo(FASHION));
    }

    @Test
    void theAnswerNamesTheClass() throws IOException {
        byte[] shoe = Files.readAllBytes(Path.of("models", "demo", "examples", "shoe.png"));
        given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(shoe), "detectors", List.of("knn")))
                .post("/score").then().statusCode(200)
                .body("label", equalTo(9))
                .body("labelName", equalTo("Ankle boot"));
    }

    @Test
    void theExamplesAreTheDemos() {
        given().get("/examples").then().statusCode(200)
                .body("modelSet", equalTo("demo"))
                .body("examples.name", equalTo(List.of("digit.png", "letter.png", "shoe.png")));
    }
}
