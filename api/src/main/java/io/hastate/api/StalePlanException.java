package io.hastate.api;

/** A saved plan no longer matches a host: it changed since the plan was made, and nothing was applied (the command's exit 5). */
public final class StalePlanException extends RuntimeException {
    public StalePlanException(String message) {
        super(message);
    }
}
