package io.hastate.core.model;

/**
 * Bad input found before any host is contacted: a malformed file, an unknown module, a bad argument.
 * The message always starts with the file and line so a user can jump straight to it.
 */
public class InvalidInputException extends RuntimeException {
    private final Location location;
    private final String field;
    private final String problem;

    public InvalidInputException(Location location, String field, String problem) {
        super(format(location, field, problem));
        this.location = location;
        this.field = field;
        this.problem = problem;
    }

    public InvalidInputException(Location location, String problem) {
        this(location, null, problem);
    }

    /** One line, whatever the input held: control characters shown escaped, long values cut. */
    private static String format(Location location, String field, String problem) {
        return location + ": " + (field == null || field.isEmpty() ? "" : printable(field, 200) + ": ") + printable(problem, 1200);
    }

    static String printable(String text, int max) {
        if (text == null) return "";
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\n') sb.append("\\n");
            else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) sb.append(String.format("\\x%02x", c));
            else sb.appendCodePoint(c);
        });
        if (sb.length() <= max) return sb.toString();
        return sb.substring(0, max) + "... (" + (sb.length() - max) + " more characters)";
    }

    public Location location() { return location; }

    public String field() { return field; }

    public String problem() { return problem; }
}
