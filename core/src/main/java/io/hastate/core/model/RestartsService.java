package io.hastate.core.model;

/**
 * An action any state function may declare: applying this state restarts a service (a unit restarted
 * for a changed file it watches, a package upgrade whose maintainer scripts restart it). Those who
 * must prepare for the restart, as the pair rollout does for keepalived, read it from the check's
 * result instead of guessing from the display text.
 */
public record RestartsService(String unit) implements Diff.Action {
    public RestartsService {
        if (unit == null || unit.isBlank()) throw new IllegalArgumentException("a restarted service needs its unit name");
    }

    /** Whether the unit is {@code name}, with or without systemd's .service suffix. */
    public boolean is(String name) {
        return unit.equals(name) || unit.equals(name + ".service");
    }
}
