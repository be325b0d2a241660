package io.hastate.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine with {@code sh -c}, for {@code connection: local} hosts. */
public final class LocalTransport implements Transport {
    private final Duration commandTimeout;
    private final Backups backups;

    public LocalTransport(Duration commandTimeout, Backups backups) {
        this.commandTimeout = commandTimeout;
        this.backups = backups;
    }

    @Override
    public Backups backups() {
        return backups;
    }

    @Override
    public CommandResult run(String command, byte[] stdin) throws TransportException {
        // Timed from before the start: timeout(1) on the command cannot have run longer than this says.
        long begin = System.nanoTime();
        Process process = start(CommandLimits.bounded(command, commandTimeout));
        CappedBuffer stdout = new CappedBuffer(CappedBuffer.STDOUT_LIMIT);
        CappedBuffer stderr = new CappedBuffer(CappedBuffer.STDERR_LIMIT);
        CompletableFuture<Void> out = CompletableFuture.runAsync(() -> drain(process.getInputStream(), stdout, process));
        CompletableFuture<Void> err = CompletableFuture.runAsync(() -> drain(process.getErrorStream(), stderr, process));
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        } catch (IOException e) {
            // The command may exit without reading its input; its exit code tells the rest.
        }
        try {
            if (!process.waitFor(CommandLimits.backstop(commandTimeout).toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw CommandLimits.timeoutError(commandTimeout);
            }
            out.join();
            err.join();
            if (stdout.overflowed() || stderr.overflowed()) throw CommandLimits.overflowError(stdout.overflowed() ? stdout : stderr);
            if (CommandLimits.timedOut(process.exitValue(), System.nanoTime() - begin, commandTimeout)) throw CommandLimits.timeoutError(commandTimeout);
            return new CommandResult(process.exitValue(), stdout.toByteArray(), stderr.text());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted", e);
        }
    }

    @Override
    public Held hold(String command, Duration firstLineWithin) throws TransportException {
        Process process = start(command);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return FirstLine.read(process.getInputStream());
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(firstLineWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null) {
            kill(process);
            throw new TransportException("no answer within " + firstLineWithin.toSeconds() + " s");
        }
        String answer = line;
        return new Held() {
            @Override public String firstLine() { return answer; }

            @Override public String nextLine() throws IOException { return FirstLine.read(process.getInputStream()); }

            @Override public InputStream output() { return process.getInputStream(); }

            @Override public OutputStream input() { return process.getOutputStream(); }

            @Override
            public void close() {
                try {
                    process.getOutputStream().close();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) kill(process);
                } catch (IOException e) {
                    kill(process);
                } catch (InterruptedException e) {
                    kill(process);
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static Process start(String command) throws TransportException {
        try {
            return new ProcessBuilder("sh", "-c", command).start();
        } catch (IOException e) {
            throw new TransportException("cannot start sh: " + e.getMessage(), e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads a stream to its end; past the limit the command is stopped, as nobody will read the rest. */
    private static void drain(InputStream stream, CappedBuffer into, Process process) {
        try (InputStream s = stream) {
            into.readFrom(s);
            if (into.overflowed()) kill(process);
        } catch (IOException e) {
            // The process ended or was stopped; what arrived is kept.
        }
    }

    @Override
    public void close() {}
}
