package io.hastate.spi;

/** What a command did on the host. */
public record Result(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The exit code and what the command said, for a message. */
    public String describe() {
        String said = stderr.isBlank() ? stdout.strip() : stderr.strip();
        return "exit " + exitCode + (said.isEmpty() ? "" : ": " + said);
    }
}
