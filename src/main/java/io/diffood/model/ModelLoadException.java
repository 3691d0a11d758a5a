package io.diffood.model;

/** A model that cannot serve: missing, unreadable, or not matching the model contract. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
