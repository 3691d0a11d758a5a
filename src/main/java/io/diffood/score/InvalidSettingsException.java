package io.diffood.score;

/** Scoring settings a request may not have, with the reason as a stable code; the web layer answers 400. */
public final class InvalidSettingsException extends RuntimeException {

    private final String code;

    public InvalidSettingsException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
