package io.hastate.core.model;

import java.util.Objects;

/**
 * One difference between the host and the declared state: which key, what is there, what is wanted.
 * {@code detail} optionally carries a longer rendering such as a unified diff.
 * A sensitive change never shows its values.
 */
public record Change(String key, String before, String after, String detail, boolean sensitive) {
    public static final String HIDDEN = "(hidden)";

    public Change {
        Objects.requireNonNull(key, "key");
    }

    public static Change of(String key, Object before, Object after) {
        return new Change(key, text(before), text(after), null, false);
    }

    public Change withDetail(String newDetail) {
        return new Change(key, before, after, newDetail, sensitive);
    }

    public Change hidden() {
        return new Change(key, before == null ? null : HIDDEN, after == null ? null : HIDDEN,
                detail == null ? null : HIDDEN, true);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
