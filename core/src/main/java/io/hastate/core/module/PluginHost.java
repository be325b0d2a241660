package io.hastate.core.module;

import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.spi.ApplyFailed;
import io.hastate.spi.Host;
import io.hastate.spi.Result;

/** The host as a plugin's apply sees it, over the run's transport. */
final class PluginHost implements Host {

    /** Carries a lost connection through the plugin's code, which need not handle it. */
    static final class Lost extends RuntimeException {
        final TransportException cause;

        Lost(TransportException cause) {
            super(cause.getMessage(), cause);
            this.cause = cause;
        }
    }

    private final Transport transport;

    PluginHost(Transport transport) {
        this.transport = transport;
    }

    @Override
    public Result run(String command) {
        return run(command, null);
    }

    @Override
    public Result run(String command, byte[] stdin) {
        try {
            CommandResult r = transport.run(command, stdin);
            return new Result(r.exitCode(), r.stdoutText(), r.stderr() == null ? "" : r.stderr());
        } catch (TransportException e) {
            throw new Lost(e);
        }
    }

    @Override
    public void write(String path, byte[] content, String mode) throws ApplyFailed {
        try {
            transport.writeFile(path, content, new FileAttributes(mode, null, null));
        } catch (FileWriteException e) {
            throw new ApplyFailed(e.getMessage());
        } catch (TransportException e) {
            throw new Lost(e);
        }
    }
}
