package io.hastate.core.transport;

/** POSIX shell quoting: every value that reaches a command line goes through {@link #quote}. */
public final class Shell {
    private Shell() {}

    public static String quote(String s) {
        return io.hastate.spi.Shell.quote(s);
    }
}
