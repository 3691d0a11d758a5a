package io.diffood.function;

import io.quarkus.vertx.web.Route;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

import java.util.List;

/**
 * KServe's V1 protocol: {@code POST /v1/models/<model>:predict} with {@code {"instances": [...]}} (images as
 * {@code {"b64": ...}} or nested arrays), answered {@code {"predictions": [...]}}, one row per image; and
 * {@code GET /v1/models/<model>}, the model's ready state.
 */
public class KServeV1Route {

    public record Predictions(List<InferenceAnswers.Row> predictions) {
    }

    public record ModelState(String name, boolean ready) {
    }

    @Inject
    ServedModel served;

    @Inject
    ModelLifecycle lifecycle;

    @Inject
    RequestIntake intake;

    @Inject
    BatchedScoring scoring;

    /** The model's ready state; 503 with the reason while the models load or failed. */
    @Route(regex = "/v1/models/([^/:%]+)", methods = Route.HttpMethod.GET, produces = "application/json")
    ModelState model(RoutingContext rc) {
        served.require(rc.pathParam("param0"));
        lifecycle.detectors(); // 503 model_unavailable with the reason while not ready
        return new ModelState(served.name(), true);
    }

    /** The colon may come percent-encoded (%3A), as some HTTP clients send it. */
    @Route(regex = "/v1/models/([^/:%]+)(?::|%3[Aa])predict", methods = Route.HttpMethod.POST, produces = "application/json",
            order = 1)
    @Blocking
    Predictions predict(RoutingContext rc) {
        served.require(rc.pathParam("param0"));
        InferenceBodies.Inference inference = InferenceBodies.v1(InferenceBodies.json(rc.body().buffer()), intake::requireCount);
        List<BatchedScoring.Outcome> outcomes = scoring.scoreAll(intake.prepareAll(inference.images(),
                inference.options()));
        return new Predictions(InferenceAnswers.allAnswered(outcomes).stream().map(InferenceAnswers.Row::of).toList());
    }
}
