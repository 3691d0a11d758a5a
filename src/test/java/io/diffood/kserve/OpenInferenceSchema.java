package io.diffood.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * KServe's published OpenAPI document of the Open Inference Protocol (src/test/resources/kserve/rest_predict_v2.yaml,
 * with its source) as JSON Schemas: each component schema validated with its references into the document.
 */
public final class OpenInferenceSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode COMPONENTS = load();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    private OpenInferenceSchema() {
    }

    /** The violations of {@code json} against the document's {@code components/schemas/<component>}. */
    public static List<Error> violations(String component, String json) {
        if (!COMPONENTS.path("schemas").has(component)) {
            throw new IllegalArgumentException("no schema " + component + " in the OpenAPI document");
        }
        // the components beside a root $ref: the document's own '#/components/schemas/...' references resolve
        ObjectNode root = JSON.createObjectNode();
        root.set("components", COMPONENTS);
        root.set("allOf", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("$ref", "#/components/schemas/" + component)));
        Schema schema = REGISTRY.getSchema(root);
        try {
            return schema.validate(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertValid(String component, String json) {
        assertEquals(List.of(), violations(component, json).stream().map(Error::toString).toList(),
                component + " violations of " + json);
    }

    private static JsonNode load() {
        try (InputStream in = OpenInferenceSchema.class.getResourceAsStream("/kserve/rest_predict_v2.yaml")) {
            return new YAMLMapper().readTree(in).get("components");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
