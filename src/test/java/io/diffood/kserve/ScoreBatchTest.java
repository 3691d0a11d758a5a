package io.diffood.kserve;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Today's JSON request with {@code images}: answered in order, a bad image alone refused, one model batch. */
@QuarkusTest
class ScoreBatchTest {

    @Test
    void imagesAreAnsweredInOrderInOneModelBatch() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(KServeProtocolsTest.SHOE, "bm90IGFuIGltYWdl", KServeProtocolsTest.DIGIT),
                        "detectors", List.of("knn")))
                .post("/score")
                .then().statusCode(200)
                .body("results", hasSize(3))
                .body("results[0].ood", equalTo(false))
                .body("results[0].label", equalTo(9))
                .body("results[1].error", equalTo("not_an_image"))
                .body("results[1].message", containsString("not a PNG or JPEG"))
                .body("results[2].ood", equalTo(true))
                .body("results[2].scores.knn", org.hamcrest.Matchers.notNullValue())
                // the two decodable images rode in one model batch (diffood.batch.max-size 8)
                .body("results[0].batchSize", equalTo(2))
                .body("results[2].batchSize", equalTo(2));
    }

    @Test
    void tooManyImagesIs413() {
        given().contentType(ContentType.JSON).body(Map.of("images", Collections.nCopies(65, "x"))).post("/score")
                .then().statusCode(413).body("error", equalTo("too_many_images"))
                .body("message", containsString("at most 64 (diffood.request.max-images)"));
    }

    @Test
    void imagesWithImageIsAmbiguous() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(KServeProtocolsTest.SHOE), "image", KServeProtocolsTest.SHOE))
                .post("/score")
                .then().statusCode(400).body("error", equalTo("ambiguous_input"));
    }
}
