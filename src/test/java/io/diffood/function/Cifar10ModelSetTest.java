package io.diffood.function;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;

/**
 * The shipped CIFAR-10 model set, served with one setting (diffood.models.path=models/cifar10), scores over HTTP with
 * its bundle's decision detector (fusedFisher, chosen on its validation split): a held-out CIFAR-10 image is in
 * distribution, a texture photo (DTD, full size: the function resizes it) and a handwritten digit (grey, 28×28: the
 * function makes it colour) are not.
 */
@QuarkusTest
@TestProfile(Cifar10ModelSetTest.Profile.class)
class Cifar10ModelSetTest {

    static final Path EXAMPLES = Path.of("models", "cifar10", "examples");
    static final List<String> CIFAR10 = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a fixed noise key: the answers below are the same in every run
            return Map.of("diffood.models.path", "models/cifar10", "diffood.ddp.noise-key", "cifar10-test");
        }
    }

    @Test
    void readyWithItsBundleAndClasses() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'models' }.data.bundle", containsString("models/cifar10/ood"));
        given().get("/detectors").then().statusCode(200)
                .body("modelSet", equalTo("cifar10"))
                .body("classNames", equalTo(CIFAR10))
                .body("decision", equalTo("fusedFisher"));
    }

    @Test
    void aHeldOutCifarImageIsInDistribution() throws IOException {
        score("03-cat.png", "image/png").body("ood", equalTo(false)).body("labelName", equalTo("cat"));
    }

    @Test
    void aTexturePhotoIsOutOfDistribution() throws IOException {
        score("texture.jpg", "image/jpeg").body("ood", equalTo(true)).body("pValues.fusedFisher", lessThan(0.05f));
    }

    @Test
    void aGreyDigitIsOutOfDistribution() throws IOException {
        score("digit.png", "image/png").body("ood", equalTo(true));
    }

    @Test
    void thePageOffersTheSetsOwnExamples() {
        given().get("/examples").then().statusCode(200)
                .body("modelSet", equalTo("cifar10"))
                .body("examples.name", hasItems("03-cat.png", "texture.jpg", "digit.png"));
    }

    private static io.restassured.response.ValidatableResponse score(String example, String type) throws IOException {
        byte[] image = Files.readAllBytes(EXAMPLES.resolve(example));
        return given().contentType(type).body(image).post("/score").then().statusCode(200)
                .contentType(ContentType.JSON);
    }
}
