package io.hastate.core.module;

/** Applying a Diff failed on the host; the message says what was attempted and what the host answered. */
public class ApplyException extends Exception {
    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
