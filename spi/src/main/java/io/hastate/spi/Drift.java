package io.hastate.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What check found: the changes that bring the host to the declared state, and a note. No changes
 * means nothing to do, and the note says why. {@link #restarts} and {@link #upgrades} tell hastate
 * what apply will do that matters beyond the state (a keepalived restart moves a VIP, and the rollout
 * hands it over first).
 */
public record Drift(List<Change> changes, String note, List<String> restartedUnits, List<Upgrade> upgrades) {

    /** One difference, shown as {@code key: before -> after}; null means absent. */
    public record Change(String key, String before, String after) {
        public Change {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A package apply moves from one version to another. */
    public record Upgrade(String pkg, String from, String to) {
        public Upgrade {
            Objects.requireNonNull(pkg, "pkg");
        }
    }

    public Drift {
        changes = List.copyOf(changes);
        note = note == null ? "" : note;
        restartedUnits = List.copyOf(restartedUnits);
        upgrades = List.copyOf(upgrades);
    }

    public static Drift none(String why) {
        return new Drift(List.of(), why, List.of(), List.of());
    }

    public static Drift of(Change... changes) {
        return new Drift(List.of(changes), "", List.of(), List.of());
    }

    public static Change change(String key, Object before, Object after) {
        return new Change(key, before == null ? null : before.toString(), after == null ? null : after.toString());
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public Drift withNote(String newNote) {
        return new Drift(changes, newNote, restartedUnits, upgrades);
    }

    /** Apply restarts this systemd unit. */
    public Drift restarts(String unit) {
        List<String> units = new ArrayList<>(restartedUnits);
        units.add(Objects.requireNonNull(unit, "unit"));
        return new Drift(changes, note, units, upgrades);
    }

    /** Apply moves this package from one version to another. */
    public Drift upgrades(String pkg, String from, String to) {
        List<Upgrade> all = new ArrayList<>(upgrades);
        all.add(new Upgrade(pkg, from, to));
        return new Drift(changes, note, restartedUnits, all);
    }
}
