package io.hastate.api;

import io.hastate.core.model.Host;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.ForwardingTransport;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Every command sent to a host, as "HOST $ COMMAND", told before it runs (the command's {@code -vv}). */
final class TracingConnector implements Connector {
    private final Connector inner;
    private final Consumer<String> trace;

    TracingConnector(Connector inner, Consumer<String> trace) {
        this.inner = inner;
        this.trace = trace;
    }

    @Override
    public Transport open(Host host) throws TransportException {
        Transport t = inner.open(host);
        return new ForwardingTransport(t) {
            @Override
            public CommandResult run(String command, byte[] stdin) throws TransportException {
                trace(host, command);
                return inner.run(command, stdin);
            }

            @Override
            public List<CommandResult> runBatch(List<String> commands) throws TransportException {
                for (String c : commands) trace(host, c);
                return inner.runBatch(commands);
            }

            @Override
            public void writeFile(String path, byte[] content, FileAttributes attributes) throws TransportException, FileWriteException {
                trace(host, "(write " + path + ", " + content.length + " bytes)");
                inner.writeFile(path, content, attributes);
            }

            @Override
            public Held hold(String command, Duration firstLineWithin) throws TransportException {
                trace(host, command);
                return inner.hold(command, firstLineWithin);
            }
        };
    }

    private void trace(Host host, String command) {
        trace.accept(host.name() + " $ " + command);
    }
}
