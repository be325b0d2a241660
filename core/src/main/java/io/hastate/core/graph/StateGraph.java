package io.hastate.core.graph;

import io.hastate.core.model.InvalidInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The validated, ordered states of one host. Requisites become edges (target before dependent);
 * among states free to run, the one declared first goes first, so the order is predictable.
 */
public final class StateGraph {
    /** A requisite resolved to the state it names. */
    public record Dependency(RequisiteKind kind, CompiledState target) {}

    public record Node(CompiledState state, List<Dependency> dependencies) {}

    private final List<Node> ordered;

    private StateGraph(List<Node> ordered) {
        this.ordered = List.copyOf(ordered);
    }

    public List<Node> ordered() {
        return ordered;
    }

    /**
     * The part of this graph that brings {@code states} back to what is declared: those states, what they
     * watch or are changed on (run first, unchanged when in sync), and what watches them or runs on their
     * changes (a reload after a repaired file), each with its own requisites. Order is kept.
     */
    public StateGraph narrowedTo(Set<io.hastate.core.model.StateRef> states) {
        return narrowed(states, true);
    }

    /** Only {@code states} and what they need first (their requisites, transitively): nothing that reacts to them runs. */
    public StateGraph requisitesOf(Set<io.hastate.core.model.StateRef> states) {
        return narrowed(states, false);
    }

    private StateGraph narrowed(Set<io.hastate.core.model.StateRef> states, boolean withReactions) {
        Set<Integer> keep = new java.util.HashSet<>();
        java.util.Deque<Node> todo = new java.util.ArrayDeque<>();
        for (Node n : ordered) if (states.contains(n.state().ref())) todo.add(n);
        Map<Integer, Node> byIndex = new HashMap<>();
        for (Node n : ordered) byIndex.put(n.state().index(), n);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            if (!keep.add(n.state().index())) continue;
            for (Dependency d : n.dependencies()) todo.add(byIndex.get(d.target().index()));
            if (!withReactions) continue;
            for (Node other : ordered) {
                for (Dependency d : other.dependencies()) {
                    boolean reacts = d.kind() == RequisiteKind.WATCH || d.kind() == RequisiteKind.ONCHANGES;
                    if (reacts && d.target().index() == n.state().index()) todo.add(other);
                }
            }
        }
        List<Node> narrowed = new ArrayList<>();
        for (Node n : ordered) if (keep.contains(n.state().index())) narrowed.add(n);
        return new StateGraph(narrowed);
    }

    public static StateGraph build(List<CompiledState> states) {
        return build(states, Set.of());
    }

    /** {@code declaredNone}: ids of states declared for_each over an empty list; requiring them waits for nothing. */
    public static StateGraph build(List<CompiledState> states, Set<String> declaredNone) {
        Map<Integer, List<Dependency>> deps = new HashMap<>();
        for (CompiledState s : states) deps.put(s.index(), new ArrayList<>());
        for (CompiledState s : states) {
            for (Requisite r : s.requisites()) {
                List<CompiledState> targets = resolve(r, states);
                if (targets.isEmpty() && declaredNone.contains(r.id())) continue;
                if (targets.isEmpty()) {
                    throw new InvalidInputException(r.location(), s.ref().id() + "." + (r.reverse() ? r.kind().inKey() : r.kind().key()),
                            "no state matches '" + (r.module() == null ? r.id() : r.module() + ": " + r.id()) + "'");
                }
                for (CompiledState t : targets) {
                    if (t.index() == s.index()) {
                        throw new InvalidInputException(r.location(), s.ref().id(), "a state cannot depend on itself");
                    }
                    if (r.reverse()) {
                        deps.get(t.index()).add(new Dependency(r.kind(), s));
                    } else {
                        deps.get(s.index()).add(new Dependency(r.kind(), t));
                    }
                }
            }
        }
        return new StateGraph(order(states, deps));
    }

    /**
     * {@code module: id} matches that module's states with that id (or name); a bare id matches any module.
     * The id of a state declared for_each matches every state it declared ({@code id[key]}).
     */
    private static List<CompiledState> resolve(Requisite r, List<CompiledState> states) {
        List<CompiledState> byId = new ArrayList<>();
        List<CompiledState> byName = new ArrayList<>();
        for (CompiledState s : states) {
            if (r.module() != null && !r.module().equals(s.ref().module())) continue;
            if (s.ref().id().equals(r.id()) || s.ref().id().startsWith(r.id() + "[") && !r.id().contains("[")) byId.add(s);
            else if (s.ref().name().equals(r.id())) byName.add(s);
        }
        return byId.isEmpty() ? byName : byId;
    }

    private static List<Node> order(List<CompiledState> states, Map<Integer, List<Dependency>> deps) {
        Map<Integer, CompiledState> byIndex = new HashMap<>();
        Map<Integer, Integer> waiting = new HashMap<>();
        Map<Integer, List<Integer>> dependents = new HashMap<>();
        for (CompiledState s : states) {
            byIndex.put(s.index(), s);
            Set<Integer> targets = new LinkedHashSet<>();
            for (Dependency d : deps.get(s.index())) targets.add(d.target().index());
            waiting.put(s.index(), targets.size());
            for (int t : targets) dependents.computeIfAbsent(t, k -> new ArrayList<>()).add(s.index());
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(Comparator.naturalOrder());
        waiting.forEach((idx, n) -> { if (n == 0) ready.add(idx); });
        List<Node> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            int idx = ready.poll();
            out.add(new Node(byIndex.get(idx), List.copyOf(deps.get(idx))));
            for (int d : dependents.getOrDefault(idx, List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) ready.add(d);
            }
        }
        if (out.size() < states.size()) {
            throw cycleError(states, deps, waiting);
        }
        return out;
    }

    private static InvalidInputException cycleError(List<CompiledState> states, Map<Integer, List<Dependency>> deps,
                                                    Map<Integer, Integer> waiting) {
        // Walk dependencies among the states still waiting until one repeats: that walk is a cycle.
        CompiledState start = states.stream().filter(s -> waiting.get(s.index()) > 0).findFirst().orElseThrow();
        List<CompiledState> path = new ArrayList<>();
        CompiledState cur = start;
        while (!path.contains(cur)) {
            path.add(cur);
            CompiledState from = cur;
            cur = deps.get(from.index()).stream().map(Dependency::target)
                    .filter(t -> waiting.get(t.index()) > 0).findFirst().orElseThrow();
        }
        List<String> names = new ArrayList<>();
        for (CompiledState s : path.subList(path.indexOf(cur), path.size())) names.add(s.ref().requisiteForm());
        names.add(cur.ref().requisiteForm());
        return new InvalidInputException(cur.ref().location(), cur.ref().id(),
                "requisite cycle: " + String.join(" -> needs -> ", names));
    }
}
