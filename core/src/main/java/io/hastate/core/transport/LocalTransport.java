package io.hastate.core.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine with {@code sh -c}, for {@code connection: local} hosts. */
public final class LocalTransport implements Transport {
    private final Duration commandTimeout;
    private final String backupDir;

    public LocalTransport(Duration commandTimeout, String backupDir) {
        this.commandTimeout = commandTimeout;
        this.backupDir = backupDir;
    }

    @Override
    public String backupDir() {
        return backupDir;
    }

    @Override
    public CommandResult run(String command, byte[] stdin) throws TransportException {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command).start();
        } catch (IOException e) {
            throw new TransportException("cannot start sh: " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        } catch (IOException e) {
            // The command may exit without reading its input; its exit code tells the rest.
        }
        try {
            if (!process.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TransportException("command timed out after " + commandTimeout.toSeconds() + " s");
            }
            return new CommandResult(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted", e);
        }
    }

    private static byte[] drain(InputStream stream) {
        try (InputStream s = stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            s.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() {}
}
