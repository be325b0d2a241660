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

    private static String format(Location location, String field, String problem) {
        return location + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem;
    }

    public Location location() { return location; }

    public String field() { return field; }

    public String problem() { return problem; }
}
