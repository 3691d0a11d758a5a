package io.diffood.function;

import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The catalogue of bad (and awkward but valid) inputs, over the JSON endpoint, raw image bodies and
 * CloudEvents. Each bad one gets its 4xx and error code in a JSON body, never a 5xx; after each, the server
 * still scores a valid request.
 */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class BadInputCatalogueTest {

    private static final byte[] PNG = TestImages.square(28, 28, "png");
    private static final byte[] JPEG = TestImages.square(64, 64, "jpeg");
    private static final String PNG64 = TestImages.base64(PNG);

    /** One input: how to send it, and the status and error code it must get (error null for a 200). */
    record Case(String name, Supplier<Response> send, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    @AfterEach
    void serverStillScores() {
        json(Map.of("image", PNG64, "timesteps", List.of(40), "repeats", 1))
                .then().statusCode(200).body("scores", hasKey("knn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void answersWithItsStatusAndErrorCode(Case c) {
        Response r = c.send.get();
        r.then().statusCode(c.status);
        if (c.error != null) {
            r.then().contentType(ContentType.JSON).body("error", equalTo(c.error)).body("message", not(emptyOrNullString()));
        }
    }

    /** RestAssured always sends a Content-Type with a byte body, so this case goes through the JDK client. */
    @Test
    void binaryEventWithoutContentType() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/"))
                .header("ce-id", "1").header("ce-specversion", "1.0").header("ce-source", "t")
                .header("ce-type", "diffood.score.image").POST(HttpRequest.BodyPublishers.ofByteArray(PNG)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode());
        assertEquals("unsupported_media_type", new JsonObject(response.body()).getString("error"));
    }

    static Stream<Case> catalogue() {
        return Stream.of(
                // JSON endpoint: the body itself
                new Case("not JSON", () -> raw("{\"image\": ", "application/json"), 400, "invalid_json"),
                new Case("JSON array", () -> raw("[1, 2]", "application/json"), 400, "invalid_json"),
                new Case("JSON string", () -> raw("\"hello\"", "application/json"), 400, "invalid_json"),
                new Case("JSON null", () -> raw("null", "application/json"), 400, "missing_image"),
                new Case("empty body", () -> raw("", "application/json"), 400, "empty_body"),
                new Case("text/plain body", () -> raw("hello", "text/plain"), 406, "unsupported_media_type"),
                new Case("body over the size limit", () -> raw(" ".repeat(9 * 1024 * 1024), "application/json"),
                        413, "payload_too_large"),
                // JSON endpoint: fields
                new Case("image of the wrong JSON type", () -> json(Map.of("image", Map.of("a", 1))), 400, "invalid_json"),
                new Case("repeats as text", () -> json(Map.of("image", PNG64, "repeats", "many")), 400, "invalid_json"),
                new Case("repeats beyond int", () -> raw("{\"image\":\"" + PNG64 + "\",\"repeats\":1e20}", "application/json"),
                        400, "invalid_json"),
                new Case("timesteps not a list", () -> json(Map.of("image", PNG64, "timesteps", 5)), 400, "invalid_json"),
                new Case("unknown field", () -> json(Map.of("image", PNG64, "repeat", 2)), 400, "unknown_field"),
                new Case("missing image", () -> json(Map.of("seed", 1)), 400, "missing_image"),
                new Case("image and pixels", () -> json(Map.of("image", PNG64, "pixels", new double[1], "shape", List.of(1, 1, 1))),
                        400, "ambiguous_input"),
                new Case("invalid base64", () -> json(Map.of("image", "@@@ not base64 @@@")), 400, "invalid_base64"),
                new Case("empty image string", () -> json(Map.of("image", "")), 400, "empty_image"),
                new Case("text instead of an image", () -> json(Map.of("image", TestImages.base64("hello".getBytes()))),
                        400, "not_an_image"),
                new Case("GIF image", () -> json(Map.of("image", TestImages.base64(gif()))), 400, "not_an_image"),
                new Case("truncated PNG", () -> json(Map.of("image", TestImages.base64(half(PNG)))), 400, "corrupt_image"),
                new Case("truncated JPEG", () -> json(Map.of("image", TestImages.base64(half(JPEG)))), 400, "corrupt_image"),
                new Case("decompression bomb header", () -> json(Map.of("image", TestImages.base64(bomb()))),
                        413, "image_too_large"),
                new Case("pixels of the wrong length", () -> json(Map.of("pixels", new double[10], "shape", List.of(28, 28, 1))),
                        400, "invalid_shape"),
                new Case("pixels without shape", () -> json(Map.of("pixels", new double[4])), 400, "invalid_shape"),
                new Case("pixels with five channels", () -> json(Map.of("pixels", new double[5], "shape", List.of(1, 1, 5))),
                        400, "unsupported_channels"),
                new Case("pixels with NaN", () -> json(Map.of("pixels", List.of(0.5, "NaN"), "shape", List.of(1, 2, 1))),
                        400, "invalid_pixels"),
                new Case("pixels with infinity", () -> json(Map.of("pixels", List.of("Infinity", 0.5), "shape", List.of(1, 2, 1))),
                        400, "invalid_pixels"),
                new Case("pixels on the 0-255 scale", () -> json(Map.of("pixels", new double[] {0, 255}, "shape", List.of(1, 2, 1))),
                        400, "invalid_pixels"),
                new Case("absurd pixel shape", () -> json(Map.of("pixels", new double[1], "shape", List.of(100000, 100000, 1))),
                        413, "image_too_large"),
                new Case("negative repeats", () -> json(Map.of("image", PNG64, "repeats", -1)), 400, "invalid_repeats"),
                new Case("zero repeats", () -> json(Map.of("image", PNG64, "repeats", 0)), 400, "invalid_repeats"),
                new Case("huge repeats", () -> json(Map.of("image", PNG64, "repeats", 1_000_000)), 400, "invalid_repeats"),
                new Case("timestep 0", () -> json(Map.of("image", PNG64, "timesteps", List.of(0))), 400, "invalid_timesteps"),
                new Case("timestep T", () -> json(Map.of("image", PNG64, "timesteps", List.of(1000))), 400, "invalid_timesteps"),
                new Case("negative timestep", () -> json(Map.of("image", PNG64, "timesteps", List.of(-5))), 400, "invalid_timesteps"),
                new Case("no timesteps", () -> json(Map.of("image", PNG64, "timesteps", List.of())), 400, "invalid_timesteps"),
                new Case("too many timesteps", () -> json(Map.of("image", PNG64, "timesteps", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9))),
                        400, "invalid_timesteps"),
                new Case("repeated timestep", () -> json(Map.of("image", PNG64, "timesteps", List.of(120, 120))),
                        400, "invalid_timesteps"),
                new Case("too much work", () -> json(Map.of("image", PNG64, "detectors", List.of("ddp"),
                        "timesteps", List.of(999, 998, 997), "repeats", 16, "sampleSteps", 1000)),
                        400, "too_much_work"),
                // awkward but valid
                new Case("1x1 image", () -> json(Map.of("image", TestImages.base64(TestImages.square(1, 1, "png")),
                        "timesteps", List.of(20), "repeats", 1)), 200, null),
                new Case("2048x2048 image at the pixel limit", () -> json(Map.of("image",
                        TestImages.base64(TestImages.square(2048, 2048, "png")), "timesteps", List.of(20), "repeats", 1)), 200, null),
                new Case("RGB JPEG of another size", () -> json(Map.of("image", TestImages.base64(JPEG),
                        "timesteps", List.of(20), "repeats", 1)), 200, null),
                // raw image bodies on /score
                new Case("raw: empty image body", () -> rawBytes(new byte[0], "image/png"), 400, "empty_body"),
                new Case("raw: not an image", () -> rawBytes("not a png".getBytes(), "image/png"), 400, "not_an_image"),
                new Case("raw: truncated JPEG", () -> rawBytes(half(JPEG), "image/jpeg"), 400, "corrupt_image"),
                // CloudEvents
                new Case("CE: unknown type", () -> binaryEvent("diffood.nothing", "application/json", ("{\"image\":\"" + PNG64 + "\"}").getBytes()),
                        404, "no_function"),
                new Case("CE: missing ce-id", () -> given().header("ce-specversion", "1.0").header("ce-source", "t")
                        .header("ce-type", "diffood.score").contentType(ContentType.JSON).body(Map.of("image", PNG64)).post("/"),
                        400, "invalid_cloudevent"),
                new Case("CE: missing ce-source", () -> given().header("ce-id", "1").header("ce-specversion", "1.0")
                        .header("ce-type", "diffood.score").contentType(ContentType.JSON).body(Map.of("image", PNG64)).post("/"),
                        400, "invalid_cloudevent"),
                new Case("CE: unsupported specversion", () -> given().header("ce-id", "1").header("ce-specversion", "9.9")
                        .header("ce-source", "t").header("ce-type", "diffood.score").contentType(ContentType.JSON)
                        .body(Map.of("image", PNG64)).post("/"), 400, "invalid_cloudevent"),
                new Case("CE: empty data", () -> binaryEvent("diffood.score.image", "image/png", new byte[0]), 400, "empty_body"),
                new Case("CE: invalid base64 in JSON data", () -> binaryEvent("diffood.score", "application/json",
                        "{\"image\":\"%%%\"}".getBytes()), 400, "invalid_base64"),
                new Case("CE: JSON data on the image type", () -> binaryEvent("diffood.score.image", "application/json",
                        ("{\"image\":\"" + PNG64 + "\"}").getBytes()), 400, "not_an_image"),
                new Case("CE: image data on the JSON type", () -> binaryEvent("diffood.score", "image/png", PNG),
                        400, "datacontenttype_mismatch"),
                // found by RequestFuzzTest: Funqy answered 500 for data types it cannot read
                new Case("CE structured: unknown datacontenttype", () -> structured(Map.of("specversion", "1.0", "id", "1",
                        "source", "t", "type", "diffood.score", "datacontenttype", "applicationejson",
                        "data", Map.of("image", PNG64))), 415, "unsupported_media_type"),
                new Case("CE structured: datacontenttype not a string", () -> structured(Map.of("specversion", "1.0",
                        "id", "1", "source", "t", "type", "diffood.score", "datacontenttype", Map.of(),
                        "data", Map.of("image", PNG64))), 400, "invalid_cloudevent"),
                new Case("CE structured: empty datacontenttype", () -> structured(Map.of("specversion", "1.0", "id", "1",
                        "source", "t", "type", "diffood.score", "datacontenttype", "", "data", Map.of("image", PNG64))),
                        415, "unsupported_media_type"),
                new Case("CE binary: unknown Content-Type", () -> binaryEvent("diffood.score.image", "text/csv", PNG),
                        415, "unsupported_media_type"),
                new Case("CE structured: not JSON", () -> raw("{\"specversion\":", "application/cloudevents+json"),
                        400, "invalid_json"),
                new Case("CE structured: missing type", () -> structured(Map.of("specversion", "1.0", "id", "1", "source", "t",
                        "datacontenttype", "application/json", "data", Map.of("image", PNG64))), 400, "invalid_cloudevent"),
                new Case("CE structured: datacontenttype image without data_base64", () -> structured(Map.of("specversion", "1.0",
                        "id", "1", "source", "t", "type", "diffood.score.image", "datacontenttype", "image/png",
                        "data", Map.of("image", PNG64))), 400, "datacontenttype_mismatch"),
                new Case("CE structured: image as data_base64", () -> structured(Map.of("specversion", "1.0", "id", "1",
                        "source", "t", "type", "diffood.score.image", "datacontenttype", "image/png", "data_base64", PNG64)),
                        200, null));
    }

    private static Response json(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/score");
    }

    private static Response raw(String body, String contentType) {
        return given().contentType(contentType).body(body).post("/score");
    }

    private static Response rawBytes(byte[] body, String contentType) {
        return given().contentType(contentType).body(body).post("/score");
    }

    private static Response binaryEvent(String type, String contentType, byte[] data) {
        return given().header("ce-id", "1").header("ce-specversion", "1.0").header("ce-source", "t")
                .header("ce-type", type).contentType(contentType).body(data).post("/");
    }

    private static Response structured(Map<String, Object> event) {
        return given().contentType("application/cloudevents+json").body(event).post("/");
    }

    private static byte[] half(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static byte[] gif() {
        return TestImages.encode(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED), "gif");
    }

    /** A valid 1x1 PNG whose header claims 100000 x 100000 pixels (CRC fixed so that decoders trust it). */
    static byte[] bomb() {
        byte[] png = TestImages.square(1, 1, "png");
        // signature (8) + IHDR length (4) + "IHDR" (4), then width and height, big-endian
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 4 + 13);
        java.nio.ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }
}
