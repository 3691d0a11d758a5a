package io.diffood.model;

/**
 * A model call after the model was closed (the process is shutting down, or a tool closed it early). A clear
 * refusal instead of a native crash: {@link SavedModel} never frees a model while a call is in flight.
 */
public class ModelClosedException extends IllegalStateException {

    public ModelClosedException(String role) {
        super("the " + role + " model is closed");
    }
}
