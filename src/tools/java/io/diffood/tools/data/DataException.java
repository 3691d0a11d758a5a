package io.diffood.tools.data;

/** Training or fitting data that cannot be used as given; the message names the file or folder and the fix. */
public final class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }
}
