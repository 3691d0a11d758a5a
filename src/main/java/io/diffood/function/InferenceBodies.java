package io.diffood.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.diffood.function.RequestIntake.Base64Image;
import io.diffood.function.RequestIntake.Options;
import io.diffood.function.RequestIntake.PixelValues;
import io.diffood.function.RequestIntake.Source;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Reads the bodies of KServe's inference protocols into images and options: the Open Inference Protocol (V2)
 * {@code {"inputs": [...]}} and KServe V1 {@code {"instances": [...]}}. The image count is checked before any image
 * is decoded.
 */
final class InferenceBodies {

    /** The request parameters diffood reads; others (a client's own) are ignored. */
    static final List<String> PARAMETERS = List.of("detectors", "timesteps", "repeats", "seed", "sample_steps");

    /** A protocol request: its images, the options of its parameters, its id and the outputs it asks for (V2). */
    record Inference(String protocol, List<Source> images, Options options, String id, List<String> outputs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private InferenceBodies() {
    }

    /** A JSON body; not JSON is a 400 invalid_json. */
    static JsonNode json(Buffer body) {
        try {
            return JSON.readTree(body == null ? new byte[0] : body.getBytes());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A V2 or a V1 body, told apart by {@code inputs} or {@code instances}; else a 400. */
    static Inference either(JsonNode body, IntConsumer requireCount) {
        if (body != null && body.isObject() && body.has("inputs") && !body.has("instances")) {
            return v2(body, requireCount);
        }
        if (body != null && body.isObject() && body.has("instances")) {
            return v1(body, requireCount);
        }
        throw ApiException.badRequest("not_an_inference_request", "the body is neither a KServe V2 (Open Inference "
                + "Protocol) request {\"inputs\": [...]} nor a KServe V1 request {\"instances\": [...]}");
    }

    /**
     * {@code inputs}: one tensor, BYTES (encoded PNG/JPEG images, base64 in JSON, shape [N] or [N, 1]) or FP32
     * (pixels in [0, 1], shape [N, H, W, C]); its name is free, its datatype decides.
     */
    static Inference v2(JsonNode body, IntConsumer requireCount) {
        if (body == null || !body.isObject()) {
            throw invalid("invalid_request", "a V2 inference request is a JSON object with inputs");
        }
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw invalid("invalid_inputs", "inputs must hold exactly one tensor: BYTES (encoded PNG/JPEG images, "
                    + "base64) or FP32 [N, H, W, C] in [0, 1]; got " + (inputs == null ? "none" : inputs.size()));
        }
        JsonNode input = inputs.get(0);
        String name = text(input, "name", "input");
        String datatype = text(input, "datatype", "input " + name);
        int[] shape = shape(input.get("shape"), name);
        List<JsonNode> data = new ArrayList<>();
        JsonNode tensor = input.get("data");
        if (tensor == null || !tensor.isArray()) {
            throw invalid("invalid_tensor", "input " + name + " needs data, an array");
        }
        flatten(tensor, data);
        long expected = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        List<Source> images;
        if (datatype.equals("BYTES")) {
            if (shape.length == 0 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
                throw invalid("invalid_shape", "BYTES input " + name + " has shape " + Arrays.toString(shape)
                        + "; one encoded image per element: [N] or [N, 1]");
            }
            requireLength(name, shape, expected, data.size());
            requireCount.accept(shape[0]);
            images = new ArrayList<>(data.size());
            for (int i = 0; i < data.size(); i++) {
                if (!data.get(i).isTextual()) {
                    throw invalid("invalid_tensor", "BYTES element " + i + " of " + name
                            + " is not a string (the image file's bytes in base64)");
                }
                images.add(new Base64Image(data.get(i).asText()));
            }
        } else if (datatype.equals("FP32")) {
            if (shape.length != 4) {
                throw invalid("invalid_shape", "FP32 input " + name + " has shape " + Arrays.toString(shape)
                        + "; images are [N, H, W, C] (values in [0, 1], C from 1 to 4)");
            }
            requireLength(name, shape, expected, data.size());
            requireCount.accept(shape[0]);
            images = pixelImages(data, shape, name);
        } else {
            throw invalid("unsupported_datatype", "input " + name + " has datatype " + datatype
                    + "; accepted: BYTES (encoded PNG/JPEG images, base64 in JSON) or FP32 [N, H, W, C] in [0, 1]");
        }
        List<String> outputs = new ArrayList<>();
        JsonNode requested = body.get("outputs");
        if (requested != null && requested.isArray()) {
            requested.forEach(o -> outputs.add(text(o, "name", "requested output")));
        }
        JsonNode id = body.get("id");
        return new Inference("v2", images, options(body.get("parameters")), id == null ? null : id.asText(), outputs);
    }

    /**
     * {@code instances}: each an image, {@code {"b64": "..."}} (an encoded PNG/JPEG) or nested arrays [H][W][C] or
     * [H][W] of values in [0, 1]; {@code parameters} as in V2 (a diffood extension).
     */
    static Inference v1(JsonNode body, IntConsumer requireCount) {
        JsonNode instances = body == null ? null : body.get("instances");
        if (instances == null || !instances.isArray()) {
            throw invalid("invalid_request", "a V1 predict request is {\"instances\": [...]}");
        }
        requireCount.accept(instances.size());
        List<Source> images = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            images.add(instance(instances.get(i), i));
        }
        return new Inference("v1", images, options(body.get("parameters")), null, List.of());
    }

    private static Source instance(JsonNode instance, int index) {
        if (instance.isObject() && instance.has("b64") && instance.get("b64").isTextual()) {
            return new Base64Image(instance.get("b64").asText());
        }
        if (instance.isArray()) {
            List<Integer> dims = new ArrayList<>();
            for (JsonNode n = instance; n.isArray(); n = n.size() > 0 ? n.get(0) : null) {
                dims.add(n.size());
                if (n.size() == 0) {
                    break;
                }
            }
            if (dims.size() == 2) {
                dims.add(1);
            }
            if (dims.size() != 3) {
                throw invalid("invalid_shape", "instance " + index + " is nested " + dims.size()
                        + " deep; an image is [H][W][C] or [H][W]");
            }
            int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
            List<JsonNode> values = new ArrayList<>();
            flatten(instance, values);
            long expected = (long) shape[0] * shape[1] * shape[2];
            if (values.size() != expected) {
                throw invalid("invalid_shape", "instance " + index + " is ragged: " + values.size()
                        + " values, its first row and pixel make it " + shape[0] + "x" + shape[1] + "x" + shape[2]);
            }
            return new PixelValues(numbers(values, "instance " + index), shape);
        }
        throw invalid("invalid_instance", "instance " + index + " is neither {\"b64\": base64 PNG/JPEG} nor nested "
                + "arrays [H][W][C] of values in [0, 1]");
    }

    private static List<Source> pixelImages(List<JsonNode> data, int[] shape, String name) {
        double[] all = numbers(data, "FP32 input " + name);
        int size = shape[1] * shape[2] * shape[3];
        List<Source> images = new ArrayList<>(shape[0]);
        for (int n = 0; n < shape[0]; n++) {
            images.add(new PixelValues(Arrays.copyOfRange(all, n * size, (n + 1) * size),
                    new int[] {shape[1], shape[2], shape[3]}));
        }
        return images;
    }

    /** The parameters diffood reads, as request options: strings of comma lists, or arrays, for lists. */
    static Options options(JsonNode parameters) {
        if (parameters == null || parameters.isNull()) {
            return Options.DEFAULTS;
        }
        if (!parameters.isObject()) {
            throw invalid("invalid_parameters", "parameters must be an object, not " + parameters.getNodeType());
        }
        List<Integer> timesteps = parameters.has("timesteps")
                ? list(parameters.get("timesteps"), "timesteps").stream().map(t -> (int) integer(t, "timesteps")).toList()
                : null;
        return new Options(parameters.has("detectors") ? list(parameters.get("detectors"), "detectors") : List.of(),
                false, parameters.has("seed") ? integer(parameters.get("seed").asText(), "seed") : null,
                timesteps,
                parameters.has("repeats") ? (int) integer(parameters.get("repeats").asText(), "repeats") : null,
                parameters.has("sample_steps") ? (int) integer(parameters.get("sample_steps").asText(), "sample_steps")
                        : null);
    }

    private static List<String> list(JsonNode value, String parameter) {
        List<String> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> items.add(v.asText().trim()));
        } else if (value.isValueNode()) {
            Arrays.stream(value.asText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
        } else {
            throw invalid("invalid_parameters", "parameter " + parameter + " must be a comma-separated string or an array");
        }
        return items;
    }

    private static long integer(String text, String parameter) {
        try {
            long value = Long.parseLong(text.trim());
            if (!parameter.equals("seed") && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid("invalid_parameters", "parameter " + parameter + " must be an integer, not '" + text + "'");
        }
    }

    private static double[] numbers(List<JsonNode> values, String what) {
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            JsonNode v = values.get(i);
            if (!v.isNumber()) {
                throw invalid("invalid_pixels", what + ": element " + i + " is " + v.getNodeType()
                        + ", not a number in [0, 1]");
            }
            numbers[i] = v.asDouble();
        }
        return numbers;
    }

    private static void requireLength(String name, int[] shape, long expected, int actual) {
        if (expected != actual) {
            throw invalid("tensor_length_mismatch", "input " + name + " has shape " + Arrays.toString(shape) + " ("
                    + expected + " elements) but " + actual + " data elements");
        }
    }

    private static int[] shape(JsonNode shape, String name) {
        if (shape == null || !shape.isArray()) {
            throw invalid("invalid_shape", "input " + name + " needs shape, an array of sizes");
        }
        int[] sizes = new int[shape.size()];
        for (int i = 0; i < sizes.length; i++) {
            JsonNode s = shape.get(i);
            if (!s.canConvertToInt() || !s.isIntegralNumber() || s.asInt() <= 0) {
                throw invalid("invalid_shape", "input " + name + " has shape " + shape + "; sizes must be positive integers");
            }
            sizes[i] = s.asInt();
        }
        return sizes;
    }

    /** Row-major elements of a tensor given flat or nested. */
    private static void flatten(JsonNode node, List<JsonNode> into) {
        Iterator<JsonNode> elements = node.elements();
        while (elements.hasNext()) {
            JsonNode e = elements.next();
            if (e.getNodeType() == JsonNodeType.ARRAY) {
                flatten(e, into);
            } else {
                into.add(e);
            }
        }
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid("invalid_request", what + " needs " + field + ", a string");
        }
        return value.asText();
    }

    private static ApiException invalid(String code, String message) {
        return ApiException.badRequest(code, message);
    }
}
