package io.hastate.spi;

/** Quoting for the commands a function builds. */
public final class Shell {
    private Shell() {}

    /** {@code s} as one word for {@code sh}, quoted only when it needs to be. */
    public static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "@%_+=:,./-".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
