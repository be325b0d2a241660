package io.hastate.core.transport;

import java.nio.charset.StandardCharsets;

/** What a command printed and how it exited. */
public record CommandResult(int exitCode, byte[] stdout, String stderr) {
    public CommandResult {
        stdout = stdout == null ? new byte[0] : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout.getBytes(StandardCharsets.UTF_8), "");
    }

    public static CommandResult of(int exitCode, String stdout, String stderr) {
        return new CommandResult(exitCode, stdout.getBytes(StandardCharsets.UTF_8), stderr);
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** A one-line description for error messages. */
    public String describe() {
        String err = stderr.strip();
        if (err.isEmpty()) err = stdoutText().strip();
        if (err.length() > 400) err = err.substring(0, 400) + "...";
        return "exit " + exitCode + (err.isEmpty() ? "" : ": " + err.replace('\n', ' '));
    }
}
