package io.hastate.core.model;

import java.time.Duration;
import java.util.List;

/**
 * The result of one state on one host: a value, built once and never modified. {@code actions} are
 * what check decided apply does (typed, never shown in reports): whoever must prepare for a state's
 * apply, as the pair rollout does for a keepalived restart, reads them.
 */
public record StateResult(StateRef state, Status status, List<Change> changes, String comment, Duration duration, List<Diff.Action> actions) {
    public StateResult {
        changes = List.copyOf(changes);
        comment = comment == null ? "" : comment;
        actions = List.copyOf(actions);
    }

    public StateResult(StateRef state, Status status, List<Change> changes, String comment, Duration duration) {
        this(state, status, changes, comment, duration, List.of());
    }

    /** Whether check decided on an action of this type for this state. */
    public boolean decided(Class<? extends Diff.Action> type) {
        return actions.stream().anyMatch(type::isInstance);
    }
}
