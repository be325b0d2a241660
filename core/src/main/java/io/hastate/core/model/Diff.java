package io.hastate.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code check()} found: the changes needed to reach the declared state. A state changes
 * exactly when its Diff is non-empty; when it is empty, {@code comment} says why nothing is needed.
 * {@code actions} are what apply must do, typed, as check decided them (the file to write, the
 * command that activates it): apply reads them and never parses the changes' display text.
 */
public record Diff(List<Change> changes, String comment, List<Action> actions) {
    /** Something check decided apply must do; a function defines its own records. Never shown in reports. */
    public interface Action {}

    public Diff {
        changes = List.copyOf(changes);
        comment = comment == null ? "" : comment;
        actions = List.copyOf(actions);
    }

    public Diff(List<Change> changes, String comment) {
        this(changes, comment, List.of());
    }

    public Diff with(Action action) {
        List<Action> all = new ArrayList<>(actions);
        all.add(action);
        return new Diff(changes, comment, all);
    }

    /** The action of this type check decided on; a missing one is a bug in the function. */
    public <A extends Action> A action(Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("check decided no " + type.getSimpleName()));
    }

    /** The action of this type check decided on, if it did. */
    public <A extends Action> Optional<A> optional(Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Whether check decided on an action of this type. */
    public boolean decided(Class<? extends Action> type) {
        return actions.stream().anyMatch(type::isInstance);
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
        List<Action> allActions = new ArrayList<>(actions);
        allActions.addAll(other.actions);
        return new Diff(all, joined, allActions);
    }

    public Diff withComment(String newComment) {
        return new Diff(changes, newComment, actions);
    }

    public Diff hidden() {
        return new Diff(changes.stream().map(Change::hidden).toList(), comment, actions);
    }
}
