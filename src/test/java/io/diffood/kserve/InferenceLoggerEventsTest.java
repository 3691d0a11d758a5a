package io.diffood.kserve;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * KServe's inference logger as the sender, over real HTTP on the demo models: request events (binary mode as the
 * logger sends them, and structured mode) with V2 and V1 bodies are scored image by image and answered with a
 * diffood.inference.ood event that carries the logged event's id and extensions; response events are acknowledged
 * unscored; a body that is neither V1 nor V2 is a 400.
 */
@QuarkusTest
class InferenceLoggerEventsTest {

    /** What KServe's logger sets on a binary-mode request event (pkg/logger/worker.go). */
    static RequestSpecification loggedRequest(String id) {
        return given().contentType(ContentType.JSON)
                .header("ce-id", id).header("ce-specversion", "1.0")
                .header("ce-source", "http://localhost:9081/")
                .header("ce-type", "org.kubeflow.serving.inference.request")
                .header("ce-inferenceservicename", "fashion").header("ce-namespace", "models")
                .header("ce-component", "predictor").header("ce-endpoint", "default")
                .header("ce-metadata", "{}");
    }

    @Test
    void aLoggedV2RequestIsScoredImageByImage() {
        Response r = loggedRequest("5a1b").body(KServeProtocolsTest.bytesRequest(List.of(KServeProtocolsTest.SHOE,
                "bm90IGFuIGltYWdl", KServeProtocolsTest.DIGIT))).post("/");
        r.then().statusCode(200)
                .header("ce-type", "diffood.inference.ood")
                .header("ce-source", "urn:diffood:scorer")
                .header("ce-requestid", "5a1b")
                .header("ce-inferenceservicename", "fashion")
                .header("ce-namespace", "models")
                .header("ce-endpoint", "default")
                .header("ce-component", "predictor")
                .body("requestId", equalTo("5a1b"))
                .body("protocol", equalTo("v2"))
                .body("results", hasSize(3))
                .body("results[0].ood", equalTo(false))
                .body("results[0].label", equalTo(9))
                .body("results[1].error", equalTo("not_an_image"))
                .body("results[2].ood", equalTo(true))
                .body("oodImages", equalTo(1));
    }

    @Test
    void aLoggedV1RequestInStructuredModeIsScoredToo() {
        Map<String, Object> event = Map.of("specversion", "1.0", "id", "v1-7", "source", "http://predictor/",
                "type", "org.kubeflow.serving.inference.request", "datacontenttype", "application/json",
                "inferenceservicename", "fashion", "namespace", "models", "endpoint", "canary",
                "data", Map.of("instances", List.of(Map.of("b64", KServeProtocolsTest.DIGIT))));
        given().contentType("application/cloudevents+json").body(event).post("/")
                .then().statusCode(200)
                .body("type", equalTo("diffood.inference.ood"))
                .body("requestid", equalTo("v1-7"))
                .body("endpoint", equalTo("canary"))
                .body("data.protocol", equalTo("v1"))
                .body("data.results[0].ood", equalTo(true));
    }

    @Test
    void responseEventsAreAcknowledgedWithoutScoring() {
        given().contentType(ContentType.JSON).header("ce-id", "r-1").header("ce-specversion", "1.0")
                .header("ce-source", "http://predictor/").header("ce-type", "org.kubeflow.serving.inference.response")
                .body(Map.of("predictions", List.of(1, 2))).post("/")
                .then().statusCode(204).body(emptyString());
    }

    @Test
    void aBodyThatIsNeitherV1NorV2IsRefused() {
        loggedRequest("bad-1").body(Map.of("image", KServeProtocolsTest.SHOE)).post("/")
                .then().statusCode(400).body("error", equalTo("not_an_inference_request"))
                .body("message", containsString("neither a KServe V2"));
        loggedRequest("bad-2").body(List.of(1, 2)).post("/")
                .then().statusCode(400).body("error", equalTo("not_an_inference_request"));
    }
}
