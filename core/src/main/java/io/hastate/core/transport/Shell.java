package io.hastate.core.transport;

/** POSIX shell quoting: every value that reaches a command line goes through {@link #quote}. */
public final class Shell {
    private Shell() {}

    public static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "@%_+=:,./-".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
