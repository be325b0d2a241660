package io.hastate.core.transport;

/** A file could not be read or written on a reachable host. */
public class FileWriteException extends Exception {
    public FileWriteException(String message) {
        super(message);
    }
}
