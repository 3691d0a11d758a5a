package io.diffood.function;

import java.util.List;

/**
 * The answer to a JSON request with {@code images}: one entry per image, in order, each a {@link ScoreResponse} or
 * the image's own error ({@code {"error": code, "message": text}}, as the request errors).
 */
public record ScoreResults(List<Object> results) {

    /** A refused image, in the form of the API's errors. */
    public record ImageError(String error, String message) {

        static ImageError of(ApiException e) {
            return new ImageError(e.error(), e.getMessage());
        }
    }

    static ScoreResults of(List<BatchedScoring.Outcome> outcomes) {
        return new ScoreResults(outcomes.stream()
                .map(o -> o.refusal() == null ? (Object) o.answer() : ImageError.of(o.refusal())).toList());
    }
}
