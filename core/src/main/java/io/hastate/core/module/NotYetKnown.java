package io.hastate.core.module;

import io.hastate.core.model.Diff;

import java.util.Objects;

/**
 * Thrown by {@code check()} when what it needs to know is not there yet (a program still to be
 * installed, say). While a requisite of the state would change, check mode reports the state as
 * would-change with {@code provisional}, what it can already tell; otherwise the state fails with the
 * message.
 */
public class NotYetKnown extends RuntimeException {
    private final transient Diff provisional;

    public NotYetKnown(String missing, Diff provisional) {
        super(missing);
        this.provisional = Objects.requireNonNull(provisional);
    }

    public Diff provisional() {
        return provisional;
    }
}
