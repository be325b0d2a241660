package io.hastate.core.module;

import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

/** Running a mutating command from {@code apply}, where a non-zero exit is the state's failure. */
public final class Commands {
    private Commands() {}

    public static CommandResult run(Transport transport, String command) throws TransportException, ApplyException {
        CommandResult r = transport.run(command);
        if (!r.ok()) throw new ApplyException(command + " failed, " + r.describe());
        return r;
    }
}
