package io.hastate.spi;

/**
 * Something check needs to know about a host: a read-only shell command and a parser of its output.
 * Write a fact as a record: its type and components are its identity, so two states asking for an
 * equal fact share one read, and a test case names it by its type ({@code Has}) or, when a function
 * reads several of one type, by its full text ({@code Has[path=/etc/motd]}).
 *
 * @param <T> what the parser makes of the output
 */
public interface Fact<T> {

    /** Runs with {@code sh -c}; must not change anything. */
    String command();

    /** Turns any output, failures included, into a value, or throws {@link IllegalStateException} naming what it could not read. */
    T parse(String stdout, int exitCode);

    /**
     * The path the command reads (and everything below it); null when it reads more or cannot say, and
     * the fact is then read again after any change.
     */
    default String reads() {
        return null;
    }
}
