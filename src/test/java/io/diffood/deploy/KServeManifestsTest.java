package io.diffood.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/kserve-logger.yaml, diffood behind KServe's inference logger: the InferenceService against KServe's CRD schema
 * (an excerpt with its source in src/test/resources/kserve), the Broker and Triggers in the fabric8 Knative Eventing
 * model, and the wiring: the logger sends requests to the Broker, whose Trigger sends them to diffood.
 */
class KServeManifestsTest {

    private static final Path FILE = Path.of("deploy", "kserve-logger.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_TYPE = "org.kubeflow.serving.inference.request";

    static boolean isInferenceService(HasMetadata r) {
        return "InferenceService".equals(r.getKind()) && r.getApiVersion().startsWith("serving.kserve.io/");
    }

    @Test
    void theInferenceServiceFitsKServesCrd() throws IOException {
        JsonNode crd = new YAMLMapper().readTree(KServeManifestsTest.class.getResourceAsStream(
                "/kserve/inferenceservice-crd-excerpt.yaml"));
        JsonNode isvc = inferenceService();
        String group = crd.at("/spec/group").asText();
        JsonNode version = crd.at("/spec/versions/0");
        assertEquals(group + "/" + version.get("name").asText(), isvc.get("apiVersion").asText(), "apiVersion");
        assertEquals(crd.at("/spec/names/kind").asText(), isvc.get("kind").asText(), "kind");
        List<String> violations = violations(version.at("/schema/openAPIV3Schema"), isvc);
        assertEquals(List.of(), violations, FILE + " against the CRD");

        // the check can fail: a misspelt field and a mode KServe does not know are caught
        ObjectNode broken = isvc.deepCopy();
        ((ObjectNode) broken.at("/spec/predictor/logger")).put("mode", "requests").put("uri", "http://x");
        assertEquals(2, violations(version.at("/schema/openAPIV3Schema"), broken).size(), "violations of " + broken);
    }

    @Test
    void theLoggerSendsRequestsThroughTheBrokerToDiffood() throws IOException {
        List<HasMetadata> resources = load();
        List<Broker> brokers = resources.stream().filter(Broker.class::isInstance).map(Broker.class::cast).toList();
        assertEquals(1, brokers.size(), "one Broker");
        String broker = brokers.get(0).getMetadata().getName();

        JsonNode logger = inferenceService().at("/spec/predictor/logger");
        assertEquals("request", logger.get("mode").asText(), "the logger sends requests only");
        assertTrue(logger.get("url").asText().endsWith("/" + broker), "the logger posts to the Broker's ingress: "
                + logger.get("url"));

        Map<String, Trigger> byType = resources.stream().filter(Trigger.class::isInstance).map(Trigger.class::cast)
                .collect(Collectors.toMap(t -> t.getSpec().getFilter().getAttributes().get("type"), t -> t));
        assertEquals(Map.of(REQUEST_TYPE, "diffood", "diffood.inference.ood", "event-display"),
                byType.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().getSpec().getSubscriber().getRef().getName())), "event type -> subscriber");
        for (Trigger t : byType.values()) {
            assertEquals(broker, t.getSpec().getBroker(), t.getMetadata().getName() + " listens to another broker");
            assertEquals("serving.knative.dev/v1", t.getSpec().getSubscriber().getRef().getApiVersion());
            assertEquals(Map.of(), t.getSpec().getAdditionalProperties(), "unknown Trigger fields");
        }
        // the function maps the logger's request type to its scoring function
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        assertTrue(properties.contains("mapping.inferenceRequest.trigger=" + REQUEST_TYPE), "application.properties");
        assertTrue(properties.contains("mapping.inferenceRequest.response-type=diffood.inference.ood"));
    }

    /** Violations of the CRD's schema, with unknown fields refused as the API server prunes them. */
    private static List<String> violations(JsonNode openApiSchema, JsonNode resource) {
        JsonNode schema = closed(openApiSchema.deepCopy());
        List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema)
                .validate(resource);
        return errors.stream().map(Error::toString).toList();
    }

    /** Every object schema with properties refuses other properties (metadata stays open). */
    private static JsonNode closed(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode node = (ObjectNode) schema;
            if (node.has("properties")) {
                node.put("additionalProperties", false);
            }
            Iterator<JsonNode> children = node.elements();
            while (children.hasNext()) {
                closed(children.next());
            }
        } else if (schema.isArray()) {
            schema.forEach(KServeManifestsTest::closed);
        }
        return schema;
    }

    private static JsonNode inferenceService() throws IOException {
        List<HasMetadata> isvcs = load().stream().filter(KServeManifestsTest::isInferenceService).toList();
        assertEquals(1, isvcs.size(), "one InferenceService in " + FILE);
        assertTrue(isvcs.get(0) instanceof GenericKubernetesResource);
        JsonNode node = JSON.valueToTree(isvcs.get(0));
        assertFalse(node.at("/spec/predictor").isMissingNode(), "spec.predictor");
        return node;
    }

    private static List<HasMetadata> load() throws IOException {
        try (InputStream in = Files.newInputStream(FILE)) {
            Object parsed = new KubernetesSerialization().unmarshal(in);
            if (parsed instanceof KubernetesList list) {
                return list.getItems();
            }
            return ((List<?>) parsed).stream().map(HasMetadata.class::cast).toList();
        }
    }
}
