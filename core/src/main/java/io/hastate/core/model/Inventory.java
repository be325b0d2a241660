package io.hastate.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hosts, groups and pairs, already validated. Variables merge in this order, later wins:
 * all &lt; groups (parents before children, then by name) &lt; pairs (in inventory order) &lt; host.
 */
public record Inventory(String source, Map<String, Object> allVars, Map<String, Host> hosts,
                        Map<String, Group> groups, Map<String, Pair> pairs, String statesRoot, SshOptions ssh,
                        List<String> modules) {

    public Inventory {
        allVars = Map.copyOf(allVars);
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        pairs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
        modules = List.copyOf(modules);
    }

    public Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) throw new IllegalArgumentException("no host " + name);
        return h;
    }

    /** The host's first pair (in inventory order); a host may be a node of several, see {@link #pairsOf}. */
    public Optional<Pair> pairOf(String host) {
        return pairs.values().stream().filter(p -> p.node(host).isPresent()).findFirst();
    }

    /** Every pair the host is a node of, in inventory order: its keepalived.conf carries all their instances. */
    public List<Pair> pairsOf(String host) {
        return pairs.values().stream().filter(p -> p.node(host).isPresent()).toList();
    }

    /** Every host of a group, its children included, in inventory order. */
    public List<String> groupMembers(String group) {
        Set<String> members = new LinkedHashSet<>();
        collect(group, members, new LinkedHashSet<>());
        return hosts.keySet().stream().filter(members::contains).toList();
    }

    private void collect(String group, Set<String> members, Set<String> seen) {
        if (!seen.add(group)) return;
        Group g = groups.get(group);
        members.addAll(g.hosts());
        for (String child : g.children()) collect(child, members, seen);
    }

    /** The groups a host belongs to, ordered for merging: ancestors before descendants, ties by name. */
    public List<String> groupsOf(String host) {
        List<String> result = new ArrayList<>();
        for (String g : groups.keySet()) {
            if (groupMembers(g).contains(host)) result.add(g);
        }
        result.sort(Comparator.comparingInt(this::depth).thenComparing(Comparator.naturalOrder()));
        return result;
    }

    private int depth(String group) {
        int best = 0;
        for (Group g : groups.values()) {
            if (g.children().contains(group)) best = Math.max(best, depth(g.name()) + 1);
        }
        return best;
    }

    public Map<String, Object> mergedVars(String host) {
        Map<String, Object> merged = new LinkedHashMap<>(allVars);
        for (String g : groupsOf(host)) merged.putAll(groups.get(g).vars());
        pairsOf(host).forEach(p -> merged.putAll(p.vars()));
        merged.putAll(host(host).vars());
        return merged;
    }
}
