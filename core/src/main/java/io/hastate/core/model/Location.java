package io.hastate.core.model;

/** Where something was declared: a file and a 1-based line. */
public record Location(String file, int line) {
    public static final Location NONE = new Location("<none>", 0);
    /** Where an option or argument given to the command came from. */
    public static final Location COMMAND_LINE = new Location("command line", 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
