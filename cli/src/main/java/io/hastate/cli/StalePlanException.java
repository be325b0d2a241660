package io.hastate.cli;

/** apply --plan found a host changed since the plan was made: nothing was applied (exit 5). */
final class StalePlanException extends RuntimeException {
    StalePlanException(String message) {
        super(message);
    }
}
