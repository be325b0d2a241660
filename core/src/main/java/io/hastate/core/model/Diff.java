package io.hastate.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code check()} found: the changes needed to reach the declared state. A state changes
 * exactly when its Diff is non-empty; when it is empty, {@code comment} says why nothing is needed.
 */
public record Diff(List<Change> changes, String comment) {
    public Diff {
        changes = List.copyOf(changes);
        comment = comment == null ? "" : comment;
    }

    public static Diff none(String reason) {
        return new Diff(List.of(), reason);
    }

    public static Diff of(String comment, List<Change> changes) {
        return new Diff(changes, comment);
    }

    public static Diff of(String comment, Change... changes) {
        return new Diff(List.of(changes), comment);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public Optional<Change> find(String key) {
        return changes.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    public boolean has(String key) {
        return find(key).isPresent();
    }

    public Diff plus(Diff other) {
        List<Change> all = new ArrayList<>(changes);
        all.addAll(other.changes);
        // An empty Diff's comment explains why nothing is needed; it no longer holds once changes join.
        String mine = isEmpty() && !other.isEmpty() ? "" : comment;
        String theirs = other.isEmpty() && !isEmpty() ? "" : other.comment;
        String joined = mine.isEmpty() ? theirs : theirs.isEmpty() ? mine : mine + "; " + theirs;
        return new Diff(all, joined);
    }

    public Diff withComment(String newComment) {
        return new Diff(changes, newComment);
    }

    public Diff hidden() {
        return new Diff(changes.stream().map(Change::hidden).toList(), comment);
    }
}
