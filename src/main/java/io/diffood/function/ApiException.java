package io.diffood.function;

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

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
