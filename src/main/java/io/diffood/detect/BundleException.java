package io.diffood.detect;

/** An OOD bundle that cannot be used as it is: missing, truncated or corrupt files, another format version. */
public class BundleException extends RuntimeException {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
