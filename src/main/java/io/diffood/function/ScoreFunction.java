package io.diffood.function;

import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * The Funqy entry points. Plain HTTP: POST /score with JSON. CloudEvents on /: ce-type diffood.score (JSON data,
 * structured or binary mode) and diffood.score.image (binary mode, the image bytes as data); both answer with
 * a diffood.score.result event. The event types are set in application.properties.
 */
public class ScoreFunction {

    @Inject
    RequestIntake intake;

    @Inject
    BatchedScoring scoring;

    /** A {@link ScoreResponse} for one image; {@link ScoreResults} for a request with {@code images}. */
    @Funq
    public Object score(ScoreRequest request) {
        ScoreRequest r = request == null ? new ScoreRequest() : request; // JSON null
        if (r.images != null) {
            return ScoreResults.of(scoring.scoreAll(intake.prepareAll(r)));
        }
        return scoring.score(intake.prepare(r));
    }

    @Funq
    public ScoreResponse scoreImage(byte[] image) {
        return scoring.score(intake.prepare(image, false));
    }
}
