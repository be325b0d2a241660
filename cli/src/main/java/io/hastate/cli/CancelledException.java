package io.hastate.cli;

/** The operator said no at --confirm's question: nothing was changed (exit 1). */
final class CancelledException extends RuntimeException {
    CancelledException(String message) {
        super(message);
    }
}
