package io.diffood.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * diffood as the outlier detector behind KServe's inference logger: the logger posts each predictor request as a
 * CloudEvent {@code org.kubeflow.serving.inference.request} (binary mode, the V1 or V2 request as data, the
 * extensions {@code inferenceservicename}, {@code namespace}, {@code component}, {@code endpoint}); every image in it
 * is scored and the answer is a {@code diffood.inference.ood} event with one result per image, which carries the
 * logged event's id ({@code requestid}) and its extensions, so that the Broker routes it on. The logger's
 * {@code org.kubeflow.serving.inference.response} events are acknowledged (204) without scoring. Event types: see
 * application.properties.
 */
public class InferenceLoggerFunction {

    private static final Logger LOG = Logger.getLogger(InferenceLoggerFunction.class);

    /** The logger's extensions the answer carries on, beside {@code requestid}. */
    static final List<String> CARRIED = List.of("inferenceservicename", "namespace", "endpoint", "component");

    /**
     * The data of a {@code diffood.inference.ood} event: the logged request's id and origin, its protocol, how many
     * images were OOD, and one entry per image in order, a row ({@code ood}, {@code score}, {@code p_value},
     * {@code label}, {@code detector}) or that image's error.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoggedRequestScores(String requestId, String inferenceService, String namespace, String endpoint,
            String component, String protocol, int oodImages, List<Object> results) {
    }

    @Inject
    RequestIntake intake;

    @Inject
    BatchedScoring scoring;

    @Funq
    public CloudEvent<LoggedRequestScores> inferenceRequest(CloudEvent<JsonNode> event) {
        InferenceBodies.Inference inference = InferenceBodies.either(event.data(), intake::requireCount);
        List<BatchedScoring.Outcome> outcomes = scoring.scoreAll(intake.prepareAll(inference.images(),
                inference.options()));
        List<Object> results = outcomes.stream().map(o -> o.refusal() == null
                ? (Object) InferenceAnswers.Row.of(o.answer()) : ScoreResults.ImageError.of(o.refusal())).toList();
        int ood = (int) outcomes.stream().filter(o -> o.answer() != null && o.answer().ood()).count();
        Map<String, String> received = event.extensions() == null ? Map.of() : event.extensions();
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("requestid", event.id());
        for (String name : CARRIED) {
            if (received.get(name) != null) {
                extensions.put(name, received.get(name));
            }
        }
        LoggedRequestScores data = new LoggedRequestScores(event.id(), received.get("inferenceservicename"),
                received.get("namespace"), received.get("endpoint"), received.get("component"), inference.protocol(),
                ood, results);
        return CloudEventBuilder.create().extensions(extensions).build(data);
    }

    /** The predictor's answers say nothing about its inputs' distribution: acknowledged, not scored. */
    @Funq
    public void inferenceResponse(CloudEvent<JsonNode> event) {
        LOG.debugf("inference response event %s acknowledged without scoring", event.id());
    }
}
