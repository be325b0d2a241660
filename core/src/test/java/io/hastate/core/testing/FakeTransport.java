package io.hastate.core.testing;

import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A transport with scripted replies that records everything sent. An unexpected command fails the
 * test: a fact or command nobody scripted is a bug, not something to answer with a default.
 */
public final class FakeTransport implements Transport {
    /** A file written through {@link #writeFile}. */
    public record Written(String path, String content, FileAttributes attributes) {}

    private final Map<String, CommandResult> exact = new LinkedHashMap<>();
    private final List<Function<String, Optional<CommandResult>>> handlers = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<Written> written = new ArrayList<>();
    private int roundTrips;
    private boolean closed;
    private String failWith;

    public FakeTransport reply(String command, String stdout) {
        return reply(command, CommandResult.ok(stdout));
    }

    public FakeTransport reply(String command, CommandResult result) {
        exact.put(command, result);
        return this;
    }

    /** Answers any command the handler recognises; handlers are asked after exact replies. */
    public FakeTransport handle(Function<String, Optional<CommandResult>> handler) {
        handlers.add(handler);
        return this;
    }

    private final List<String> held = new ArrayList<>();
    private String holdAnswer;
    private int released;

    /** What the first line of every held command (a host lock) will be. */
    public FakeTransport answerHolds(String firstLine) {
        holdAnswer = firstLine;
        return this;
    }

    /** The held commands started so far. */
    public List<String> held() {
        return List.copyOf(held);
    }

    /** How many held commands were ended. */
    public int released() {
        return released;
    }

    @Override
    public Held hold(String command, java.time.Duration firstLineWithin) throws TransportException {
        if (failWith != null) throw new TransportException(failWith);
        if (holdAnswer == null) throw new AssertionError("FakeTransport: no answer scripted for a held command: " + command);
        held.add(command);
        String line = holdAnswer;
        return new Held() {
            @Override public String firstLine() { return line; }
            @Override public void close() { released++; }
        };
    }

    /** From now on every call fails as a dropped connection would. */
    public void dropConnection(String reason) {
        failWith = reason;
    }

    @Override
    public CommandResult run(String command, byte[] stdin) throws TransportException {
        roundTrips++;
        return answer(command);
    }

    @Override
    public List<CommandResult> runBatch(List<String> batch) throws TransportException {
        roundTrips++;
        List<CommandResult> out = new ArrayList<>();
        for (String c : batch) out.add(answer(c));
        return out;
    }

    private CommandResult answer(String command) throws TransportException {
        if (failWith != null) throw new TransportException(failWith);
        commands.add(command);
        CommandResult r = exact.get(command);
        if (r != null) return r;
        for (var h : handlers) {
            Optional<CommandResult> maybe = h.apply(command);
            if (maybe.isPresent()) return maybe.get();
        }
        throw new AssertionError("FakeTransport: no reply scripted for command: " + command);
    }

    @Override
    public void writeFile(String path, byte[] content, FileAttributes attributes) throws TransportException {
        if (failWith != null) throw new TransportException(failWith);
        roundTrips++;
        written.add(new Written(path, new String(content, StandardCharsets.UTF_8), attributes));
    }

    @Override
    public void close() {
        closed = true;
    }

    public List<String> commands() { return List.copyOf(commands); }

    public List<Written> written() { return List.copyOf(written); }

    public int roundTrips() { return roundTrips; }

    public boolean closed() { return closed; }
}
