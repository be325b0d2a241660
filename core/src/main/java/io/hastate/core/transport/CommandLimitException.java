package io.hastate.core.transport;

/** A command broke a limit (it ran too long or printed without end): the host failed, the connection did not. */
public class CommandLimitException extends TransportException {
    public CommandLimitException(String message) {
        super(message);
    }
}
