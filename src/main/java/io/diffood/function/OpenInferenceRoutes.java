package io.diffood.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.diffood.detect.Detector;
import io.diffood.detect.DetectorSuite;
import io.diffood.model.ImageShape;
import io.quarkus.vertx.web.Body;
import io.quarkus.vertx.web.Param;
import io.quarkus.vertx.web.Route;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol (KServe V2) over HTTP/REST: server and model metadata, health, and inference on the
 * served model set. A thin adapter: the tensors become images for {@link RequestIntake}, the scoring core answers.
 */
public class OpenInferenceRoutes {

    /** The header of the binary tensor extension, which this server does not read. */
    static final String BINARY_HEADER = "Inference-Header-Content-Length";

    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    public record Tensor(String name, String datatype, List<Integer> shape) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelMetadata(String name, List<String> versions, String platform, List<Tensor> inputs,
            List<Tensor> outputs, Map<String, Object> parameters) {
    }

    public record Live(boolean live) {
    }

    public record Ready(boolean ready) {
    }

    public record ModelReady(String name, boolean ready) {
    }

    @Inject
    ServedModel served;

    @Inject
    ModelLifecycle lifecycle;

    @Inject
    RequestIntake intake;

    @Inject
    BatchedScoring scoring;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    @Route(path = "/v2", methods = Route.HttpMethod.GET, produces = "application/json")
    ServerMetadata server() {
        return new ServerMetadata("diffood", version, List.of());
    }

    @Route(path = "/v2/health/live", methods = Route.HttpMethod.GET, produces = "application/json")
    Live live() {
        return new Live(true);
    }

    /** 200 once the models are loaded and warm; else 503 with the reason. */
    @Route(path = "/v2/health/ready", methods = Route.HttpMethod.GET, produces = "application/json")
    Ready ready() {
        lifecycle.detectors(); // 503 model_unavailable with the reason while not ready
        return new Ready(true);
    }

    @Route(path = "/v2/models/:model", methods = Route.HttpMethod.GET, produces = "application/json")
    ModelMetadata model(@Param("model") String model) {
        served.require(model);
        DetectorSuite suite = lifecycle.detectors();
        ImageShape shape = lifecycle.models().imageShape();
        List<Tensor> outputs = new ArrayList<>(List.of(new Tensor("ood", "BOOL", List.of(-1)),
                new Tensor("score", "FP64", List.of(-1))));
        if (suite.calibration(suite.decision()).isPresent()) {
            outputs.add(new Tensor("p_value", "FP64", List.of(-1)));
        }
        outputs.add(new Tensor("label", "INT32", List.of(-1)));
        for (Detector d : suite.detectors()) {
            if (!d.name().equals(suite.decision())) {
                outputs.add(new Tensor("score_" + d.name(), "FP64", List.of(-1)));
                if (suite.calibration(d.name()).isPresent()) {
                    outputs.add(new Tensor("p_value_" + d.name(), "FP64", List.of(-1)));
                }
            }
        }
        List<Tensor> inputs = List.of(new Tensor("image", "BYTES", List.of(-1)),
                new Tensor("pixels", "FP32", List.of(-1, shape.height(), shape.width(), shape.channels())));
        return new ModelMetadata(served.name(), List.of(), "diffood", inputs, outputs, Map.of(
                "decision_detector", suite.decision(), "false_positive_rate", suite.falsePositiveRate(),
                "request_parameters", String.join(",", InferenceBodies.PARAMETERS)));
    }

    @Route(path = "/v2/models/:model/ready", methods = Route.HttpMethod.GET, produces = "application/json")
    ModelReady modelReady(@Param("model") String model) {
        served.require(model);
        lifecycle.detectors(); // 503 model_unavailable with the reason while not ready
        return new ModelReady(served.name(), true);
    }

    @Route(path = "/v2/models/:model/infer", methods = Route.HttpMethod.POST, produces = "application/json", order = 1)
    @Blocking
    InferenceAnswers.V2Response infer(@Param("model") String model, @Body Buffer body, HttpServerRequest request) {
        served.require(model);
        if (request.getHeader(BINARY_HEADER) != null) {
            throw new ApiException(415, "unsupported_media_type", "binary tensor data (" + BINARY_HEADER
                    + ") is not supported: send the tensors as JSON (tritonclient: binary_data=False)");
        }
        InferenceBodies.Inference inference = InferenceBodies.v2(InferenceBodies.json(body), intake::requireCount);
        List<BatchedScoring.Outcome> outcomes = scoring.scoreAll(intake.prepareAll(inference.images(),
                inference.options()));
        return InferenceAnswers.v2(served.name(), inference.id(), InferenceAnswers.allAnswered(outcomes),
                inference.outputs());
    }
}
