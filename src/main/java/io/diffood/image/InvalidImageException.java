package io.diffood.image;

/** An image the scoring core cannot take, with the reason as a stable code; the web layer chooses the status. */
public final class InvalidImageException extends RuntimeException {

    /** Why an image is refused; {@link #code()} is the error code of the API's JSON error. */
    public enum Problem {
        EMPTY("empty_image"),
        NOT_AN_IMAGE("not_an_image"),
        CORRUPT("corrupt_image"),
        TOO_LARGE("image_too_large"),
        UNSUPPORTED_CHANNELS("unsupported_channels"),
        INVALID_SHAPE("invalid_shape"),
        INVALID_PIXELS("invalid_pixels");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Problem problem;

    public InvalidImageException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
