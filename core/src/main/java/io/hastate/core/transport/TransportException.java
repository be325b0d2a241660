package io.hastate.core.transport;

/** The host could not be reached or the connection broke; the host is reported UNREACHABLE. */
public class TransportException extends Exception {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
