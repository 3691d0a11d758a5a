package io.diffood.function;

import io.diffood.image.InvalidImageException;

/**
 * Input the function refuses, with the HTTP status and the error code of the JSON error body. Thrown wherever
 * the problem is found (request checks, image decoding), answered by the function's error mapper.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String error, String message) {
        return new ApiException(400, error, message);
    }

    /** An image the scoring core refused: 413 when too large, else 400, with the problem's code. */
    public static ApiException of(InvalidImageException e) {
        return new ApiException(e.problem() == InvalidImageException.Problem.TOO_LARGE ? 413 : 400, e.problem().code(),
                e.getMessage());
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
