package io.hastate.core.graph;

import java.util.Locale;
import java.util.Optional;

/** Salt's requisites; each also has an {@code _in} form that declares the same edge from the other end. */
public enum RequisiteKind {
    REQUIRE, WATCH, ONCHANGES, ONFAIL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String inKey() {
        return key() + "_in";
    }

    /** Parses {@code require} or {@code require_in}; the boolean half says whether it was the _in form. */
    public static Optional<Parsed> parse(String key) {
        for (RequisiteKind k : values()) {
            if (k.key().equals(key)) return Optional.of(new Parsed(k, false));
            if (k.inKey().equals(key)) return Optional.of(new Parsed(k, true));
        }
        return Optional.empty();
    }

    public record Parsed(RequisiteKind kind, boolean reverse) {}
}
