package io.diffood.image;

/** Input that cannot become an image for the models; {@code code} is the API error code. */
public class ImageException extends RuntimeException {

    private final String code;
    private final int status;

    public ImageException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
