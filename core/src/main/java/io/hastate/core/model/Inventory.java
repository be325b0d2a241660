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
 * Hosts, groups and the host sets of the sections modules read (hastate-ha's pairs), already validated.
 * Variables merge in this order, later wins: all &lt; groups (parents before children, then by name)
 * &lt; host sets (in inventory order) &lt; host. {@code notes}: what loading decided for the user
 * (file:line: field: text), to be shown, not errors.
 */
public record Inventory(String source, Map<String, Object> allVars, Map<String, Host> hosts,
                        Map<String, Group> groups, Map<String, Map<String, ? extends HostSet>> sections, String statesRoot, SshOptions ssh,
                        List<String> modules, List<String> notes) {

    public Inventory {
        allVars = Map.copyOf(allVars);
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        Map<String, Map<String, ? extends HostSet>> kept = new LinkedHashMap<>();
        sections.forEach((key, sets) -> kept.put(key, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sets))));
        sections = java.util.Collections.unmodifiableMap(kept);
        modules = List.copyOf(modules);
        notes = List.copyOf(notes);
    }

    public Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) throw new IllegalArgumentException("no host " + name);
        return h;
    }

    /** The host sets of section {@code key} by name, in inventory order (none when the inventory has no such section). */
    public Map<String, ? extends HostSet> section(String key) {
        return sections.getOrDefault(key, Map.of());
    }

    /** The host set named {@code name}, of any section. */
    public Optional<HostSet> hostSet(String name) {
        return sections.values().stream().map(sets -> (HostSet) sets.get(name)).filter(java.util.Objects::nonNull).findFirst();
    }

    /** Every host set {@code host} is in, in inventory order. */
    public List<HostSet> hostSetsOf(String host) {
        List<HostSet> out = new ArrayList<>();
        sections.values().forEach(sets -> sets.values().stream().filter(s -> s.hosts().contains(host)).forEach(out::add));
        return out;
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
        hostSetsOf(host).forEach(s -> merged.putAll(s.vars()));
        merged.putAll(host(host).vars());
        return merged;
    }
}
