package io.hastate.core.facts;

import java.util.Objects;

/**
 * A fact is a read-only shell command plus a pure parser. {@code key} identifies it in the cache, so
 * two states asking for the same fact share one read. The parser turns any output, failures
 * included, into a value (its default), and is tested against output captured from real hosts.
 * {@code reads} says what the command looks at; a fact that cannot say reads everything, and is read
 * again after any change. {@code joint}, when set, says that a {@link FactGroup} can read this fact
 * together with others of its kind; {@code command} stays the way to read it alone.
 */
public record Fact<T>(String key, String command, Parser<T> parser, Scope reads, Joint joint) {

    /** The group that can read this fact with others, and what this fact is about within it (a path). */
    public record Joint(FactGroup group, String subject) {
        public Joint {
            Objects.requireNonNull(group);
            Objects.requireNonNull(subject);
        }
    }

    @FunctionalInterface
    public interface Parser<T> {
        T parse(String stdout, int exitCode);
    }

    public Fact {
        Objects.requireNonNull(key);
        Objects.requireNonNull(command);
        Objects.requireNonNull(parser);
        Objects.requireNonNull(reads);
    }

    public Fact(String key, String command, Parser<T> parser, Scope reads) {
        this(key, command, parser, reads, null);
    }

    /** An opaque fact: any change on the host may alter it. */
    public Fact(String key, String command, Parser<T> parser) {
        this(key, command, parser, Scope.everything());
    }

    public T parse(String stdout, int exitCode) {
        return parser.parse(stdout, exitCode);
    }
}
