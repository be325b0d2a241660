package io.hastate.core.model;

import java.time.Duration;
import java.util.List;

/** The result of one state on one host: a value, built once and never modified. */
public record StateResult(StateRef state, Status status, List<Change> changes, String comment, Duration duration) {
    public StateResult {
        changes = List.copyOf(changes);
        comment = comment == null ? "" : comment;
    }
}
