package io.hastate.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
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
 *
 * <p>Immutable. Which groups and host sets each host is in is worked out once, for every host together,
 * the first time it is asked: asking host by host would scan every group's members for every host, which
 * is quadratic in a fleet of tens of thousands.
 */
public final class Inventory {
    private final String source;
    private final Map<String, Object> allVars;
    private final Map<String, Host> hosts;
    private final Map<String, Group> groups;
    private final Map<String, Map<String, ? extends HostSet>> sections;
    private final String statesRoot;
    private final SshOptions ssh;
    private final List<String> modules;
    private final List<String> notes;
    private volatile Map<String, List<String>> groupsByHost;
    private volatile Map<String, List<HostSet>> hostSetsByHost;

    public Inventory(String source, Map<String, Object> allVars, Map<String, Host> hosts,
                     Map<String, Group> groups, Map<String, Map<String, ? extends HostSet>> sections, String statesRoot, SshOptions ssh,
                     List<String> modules, List<String> notes) {
        this.source = source;
        this.allVars = Map.copyOf(allVars);
        this.hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        Map<String, Map<String, ? extends HostSet>> kept = new LinkedHashMap<>();
        sections.forEach((key, sets) -> kept.put(key, Collections.unmodifiableMap(new LinkedHashMap<>(sets))));
        this.sections = Collections.unmodifiableMap(kept);
        this.statesRoot = statesRoot;
        this.ssh = ssh;
        this.modules = List.copyOf(modules);
        this.notes = List.copyOf(notes);
    }

    public String source() { return source; }

    public Map<String, Object> allVars() { return allVars; }

    public Map<String, Host> hosts() { return hosts; }

    public Map<String, Group> groups() { return groups; }

    public Map<String, Map<String, ? extends HostSet>> sections() { return sections; }

    public String statesRoot() { return statesRoot; }

    public SshOptions ssh() { return ssh; }

    public List<String> modules() { return modules; }

    public List<String> notes() { return notes; }

    public Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) throw new IllegalArgumentException("no host " + name);
        return h;
    }

    public Map<String, ? extends HostSet> section(String key) {
        return sections.getOrDefault(key, Map.of());
    }

    /** The host set named {@code name}, of any section. */
    public Optional<HostSet> hostSet(String name) {
        return sections.values().stream().map(sets -> (HostSet) sets.get(name)).filter(java.util.Objects::nonNull).findFirst();
    }

    /** Every host set {@code host} is in, in inventory order. */
    public List<HostSet> hostSetsOf(String host) {
        Map<String, List<HostSet>> index = hostSetsByHost;
        if (index == null) {
            Map<String, List<HostSet>> built = new HashMap<>();
            sections.values().forEach(sets -> sets.values().forEach(s -> s.hosts().forEach(h -> built.computeIfAbsent(h, k -> new ArrayList<>()).add(s))));
            built.replaceAll((h, list) -> List.copyOf(list));
            hostSetsByHost = index = built;
        }
        return index.getOrDefault(host, List.of());
    }

    /** Every host of a group, its children included, in inventory order. */
    public List<String> groupMembers(String group) {
        Set<String> members = members(group);
        return hosts.keySet().stream().filter(members::contains).toList();
    }

    private Set<String> members(String group) {
        Set<String> members = new LinkedHashSet<>();
        collect(group, members, new LinkedHashSet<>());
        return members;
    }

    private void collect(String group, Set<String> members, Set<String> seen) {
        if (!seen.add(group)) return;
        Group g = groups.get(group);
        members.addAll(g.hosts());
        for (String child : g.children()) collect(child, members, seen);
    }

    /** The groups a host belongs to, ordered for merging: ancestors before descendants, ties by name. */
    public List<String> groupsOf(String host) {
        Map<String, List<String>> index = groupsByHost;
        if (index == null) {
            List<String> ordered = new ArrayList<>(groups.keySet());
            ordered.sort(Comparator.comparingInt(this::depth).thenComparing(Comparator.naturalOrder()));
            Map<String, List<String>> built = new HashMap<>();
            for (String g : ordered) {
                for (String member : members(g)) built.computeIfAbsent(member, k -> new ArrayList<>()).add(g);
            }
            built.replaceAll((h, list) -> List.copyOf(list));
            groupsByHost = index = built;
        }
        return index.getOrDefault(host, List.of());
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
