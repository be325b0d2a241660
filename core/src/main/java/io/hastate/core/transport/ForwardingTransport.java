package io.hastate.core.transport;

import java.time.Duration;
import java.util.List;

/** A transport that passes everything to another one; decorators override only what they change. */
public abstract class ForwardingTransport implements Transport {
    protected final Transport inner;

    protected ForwardingTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public CommandResult run(String command, byte[] stdin) throws TransportException {
        return inner.run(command, stdin);
    }

    @Override
    public List<CommandResult> runBatch(List<String> commands) throws TransportException {
        return inner.runBatch(commands);
    }

    @Override
    public void writeFile(String path, byte[] content, FileAttributes attributes) throws TransportException, FileWriteException {
        inner.writeFile(path, content, attributes);
    }

    @Override
    public byte[] readFile(String path) throws TransportException, FileWriteException {
        return inner.readFile(path);
    }

    @Override
    public Backups backups() {
        return inner.backups();
    }

    @Override
    public Held hold(String command, Duration firstLineWithin) throws TransportException {
        return inner.hold(command, firstLineWithin);
    }

    @Override
    public void close() {
        inner.close();
    }
}
