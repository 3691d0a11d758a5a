package io.diffood.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KServe's protocols over real HTTP on the demo models (model name {@code demo}): the Open Inference Protocol (V2),
 * with every request and answer validated against KServe's OpenAPI document, and KServe V1 predict; their bad
 * inputs. The README's shoe is in distribution and its digit OOD, by every protocol.
 */
@QuarkusTest
class KServeProtocolsTest {

    static final String SHOE = base64("shoe.png");
    static final String DIGIT = base64("digit.png");

    // --- V2: metadata and health

    @Test
    void serverMetadataAndHealth() {
        String server = given().get("/v2").then().statusCode(200).body("name", equalTo("diffood"))
                .extract().asString();
        OpenInferenceSchema.assertValid("metadata_server_response", server);
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/demo/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void modelMetadataListsBothInputsAndTheOutputs() {
        String metadata = given().get("/v2/models/demo").then().statusCode(200)
                .body("name", equalTo("demo"))
                .body("inputs.datatype", equalTo(List.of("BYTES", "FP32")))
                .body("inputs[1].shape", equalTo(List.of(-1, 28, 28, 1)))
                .body("outputs.name", hasItems("ood", "score", "p_value", "label", "score_knn", "p_value_knn"))
                .body("outputs.find { it.name == 'ood' }.datatype", equalTo("BOOL"))
                .body("outputs.find { it.name == 'label' }.datatype", equalTo("INT32"))
                .extract().asString();
        OpenInferenceSchema.assertValid("metadata_model_response", metadata);
    }

    @Test
    void unknownModelIs404OnEveryModelPath() {
        for (Response r : List.of(given().get("/v2/models/mnist"), given().get("/v2/models/mnist/ready"),
                v2("mnist", bytesRequest(List.of(SHOE))), given().get("/v1/models/mnist"),
                given().contentType(ContentType.JSON).body(Map.of("instances", List.of(Map.of("b64", SHOE))))
                        .post("/v1/models/mnist:predict"))) {
            r.then().statusCode(404).body("error", containsString("model 'mnist' is not served here; served: demo"));
            OpenInferenceSchema.assertValid("inference_error_response", r.asString());
        }
    }

    // --- V2: inference

    @Test
    void bytesImagesAreAnsweredRowByRow() {
        Map<String, Object> request = bytesRequest(List.of(SHOE, DIGIT));
        request.put("id", "req-1");
        Response r = v2("demo", request);
        r.then().statusCode(200)
                .body("model_name", equalTo("demo"))
                .body("id", equalTo("req-1"))
                .body("outputs.name", equalTo(List.of("ood", "score", "p_value", "label")))
                .body("outputs.find { it.name == 'ood' }.data", equalTo(List.of(false, true)))
                .body("outputs.find { it.name == 'ood' }.shape", equalTo(List.of(2)))
                .body("outputs.find { it.name == 'label' }.data", equalTo(List.of(9, 5)));
        OpenInferenceSchema.assertValid("inference_response", r.asString());
        List<Float> p = r.path("outputs.find { it.name == 'p_value' }.data");
        assertTrue(p.get(0) > 0.05 && p.get(1) < 0.05, "p-values " + p);
    }

    @Test
    void fp32PixelsScoreAsTheSameImageInBytes() throws IOException {
        double[] pixels = greyPixels("shoe.png");
        Map<String, Object> request = v2Request("pixels", "FP32", List.of(1, 28, 28, 1), box(pixels));
        Response fp32 = v2("demo", request);
        fp32.then().statusCode(200).body("outputs.find { it.name == 'ood' }.data", equalTo(List.of(false)));
        OpenInferenceSchema.assertValid("inference_response", fp32.asString());
        Response bytes = v2("demo", bytesRequest(List.of(SHOE)));
        assertEquals(bytes.<List<Float>>path("outputs.find { it.name == 'score' }.data"),
                fp32.<List<Float>>path("outputs.find { it.name == 'score' }.data"), "same pixels, same score");
    }

    @Test
    void parametersAskForMoreDetectorsAndOutputsChooseTheTensors() {
        Map<String, Object> request = bytesRequest(List.of(DIGIT));
        request.put("parameters", Map.of("detectors", "knn,energy", "seed", 7));
        Response r = v2("demo", request);
        r.then().statusCode(200).body("outputs.name", hasItems("score_knn", "p_value_knn", "score_energy"));
        OpenInferenceSchema.assertValid("inference_response", r.asString());

        request.put("outputs", List.of(Map.of("name", "ood"), Map.of("name", "score_knn")));
        v2("demo", request).then().statusCode(200).body("outputs.name", equalTo(List.of("ood", "score_knn")));

        request.put("outputs", List.of(Map.of("name", "nonsense")));
        refused(v2("demo", request), 400, "output nonsense is not computed");
        request.remove("outputs");
        request.put("parameters", Map.of("detectors", "nonsense"));
        refused(v2("demo", request), 400, "nonsense");
    }

    // --- V2: bad input

    @Test
    void wrongDatatypeIsRefused() {
        refused(v2("demo", v2Request("pixels", "INT64", List.of(1, 2, 2, 1), List.of(0, 1, 1, 0))), 400,
                "datatype INT64");
    }

    @Test
    void wrongShapeForTheModelIsRefused() {
        refused(v2("demo", v2Request("pixels", "FP32", List.of(2, 2, 1), List.of(0, 1, 1, 0))), 400,
                "images are [N, H, W, C]");
        refused(v2("demo", v2Request("pixels", "FP32", List.of(1, 1, 1, 5), List.of(0, 1, 1, 0, 0))), 400,
                "1 to 4 channels");
        refused(v2("demo", v2Request("image", "BYTES", List.of(1, 2), List.of(SHOE, SHOE))), 400, "[N] or [N, 1]");
    }

    @Test
    void aBytesElementThatIsNotAnImageIsRefusedByIndex() {
        String text = Base64.getEncoder().encodeToString("not an image".getBytes());
        refused(v2("demo", bytesRequest(List.of(SHOE, text))), 400, "image 1: the data is not a PNG or JPEG image");
        refused(v2("demo", v2Request("image", "BYTES", List.of(1), List.of(42))), 400, "not a string");
    }

    @Test
    void tensorLengthMustMatchTheShape() {
        refused(v2("demo", v2Request("pixels", "FP32", List.of(1, 2, 2, 1), List.of(0, 1, 1))), 400,
                "shape [1, 2, 2, 1] (4 elements) but 3 data elements");
        refused(v2("demo", v2Request("image", "BYTES", List.of(3), List.of(SHOE, SHOE))), 400,
                "(3 elements) but 2 data elements");
    }

    @Test
    void tooManyImagesIsRefusedBeforeDecoding() {
        refused(v2("demo", bytesRequest(Collections.nCopies(65, "x"))), 413,
                "65 images in one request; at most 64 (diffood.request.max-images)");
        refused(given().contentType(ContentType.JSON)
                .body(Map.of("instances", Collections.nCopies(65, Map.of("b64", "x")))).post("/v1/models/demo:predict"),
                413, "at most 64");
    }

    @Test
    void binaryTensorsAndNonJsonAreRefused() {
        refused(given().contentType(ContentType.JSON).header("Inference-Header-Content-Length", "10")
                .body(bytesRequest(List.of(SHOE))).post("/v2/models/demo/infer"), 415, "binary_data=False");
        refused(given().contentType(ContentType.JSON).body("{\"inputs\": [").post("/v2/models/demo/infer"), 400,
                "not JSON");
        refused(given().contentType(ContentType.JSON).body("{\"inputs\": []}").post("/v2/models/demo/infer"), 400,
                "exactly one tensor");
    }

    // --- V1

    @Test
    void v1PredictAnswersOneRowPerInstance() throws IOException {
        List<Object> nested = new ArrayList<>();
        double[] pixels = greyPixels("shoe.png");
        for (int y = 0; y < 28; y++) {
            List<Object> row = new ArrayList<>();
            for (int x = 0; x < 28; x++) {
                row.add(List.of(pixels[y * 28 + x]));
            }
            nested.add(row);
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(Map.of("b64", SHOE), Map.of("b64", DIGIT), nested)))
                .post("/v1/models/demo:predict")
                .then().statusCode(200)
                .body("predictions", hasSize(3))
                .body("predictions.ood", equalTo(List.of(false, true, false)))
                .body("predictions.label", equalTo(List.of(9, 5, 9)))
                .body("predictions[0].detector", equalTo("fusedFisher"))
                .body("predictions[0]", not(org.hamcrest.Matchers.hasKey("scores")));
        given().get("/v1/models/demo").then().statusCode(200).body("name", equalTo("demo")).body("ready", equalTo(true));
    }

    @Test
    void v1BadInstancesAreRefused() {
        refused(given().contentType(ContentType.JSON).body(Map.of("instances", List.of(Map.of("b64", SHOE), "text")))
                .post("/v1/models/demo:predict"), 400, "instance 1 is neither");
        refused(given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(List.of(List.of(0.1, 0.2), List.of(0.3)))))
                .post("/v1/models/demo:predict"), 400, "ragged");
        refused(given().contentType(ContentType.JSON).body(Map.of("inputs", List.of()))
                .post("/v1/models/demo:predict"), 400, "{\"instances\": [...]}");
    }

    // --- helpers

    /** Posts a V2 request, which must itself be valid against KServe's document (bad input lies in the tensors). */
    static Response v2(String model, Map<String, Object> request) {
        String body;
        try {
            body = new ObjectMapper().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        OpenInferenceSchema.assertValid("inference_request", body);
        return given().contentType(ContentType.JSON).body(body).post("/v2/models/" + model + "/infer");
    }

    static Map<String, Object> bytesRequest(List<String> images) {
        return v2Request("image", "BYTES", List.of(images.size()), images);
    }

    static Map<String, Object> v2Request(String name, String datatype, List<Integer> shape, List<?> data) {
        Map<String, Object> input = Map.of("name", name, "datatype", datatype, "shape", shape, "data", data);
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("inputs", List.of(input));
        return request;
    }

    /** A refusal in the protocols' form: the status, {"error": text}, valid against KServe's error schema. */
    static void refused(Response r, int status, String message) {
        r.then().statusCode(status).body("error", containsString(message));
        OpenInferenceSchema.assertValid("inference_error_response", r.asString());
    }

    static String base64(String example) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of("docs/examples", example)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A grey PNG's samples / 255, row-major: what the function reads from the file. */
    static double[] greyPixels(String example) throws IOException {
        BufferedImage image = ImageIO.read(Path.of("docs/examples", example).toFile());
        Raster raster = image.getRaster();
        double[] pixels = new double[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                pixels[y * image.getWidth() + x] = raster.getSample(x, y, 0) / 255.0;
            }
        }
        return pixels;
    }

    static List<Double> box(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
