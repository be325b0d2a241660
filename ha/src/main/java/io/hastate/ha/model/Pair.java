package io.hastate.ha.model;

import io.hastate.core.model.HostSet;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two hosts sharing keepalived VIPs: the unit hastate rolls out and checks together. {@code instances}
 * are the pair's VRRP instances (one for most pairs; several for active/active or IPv6 VIPs); the first
 * is the pair's main one, whose first VIP the rollout and the handover follow.
 */
public record Pair(String name, PairNode first, PairNode second, List<Vrrp> instances, List<SyncGroup> syncGroups, List<String> globalDefs,
                   List<String> verbatim, Map<String, Object> vars, Location location) implements HostSet {
    /** The pair with its instances as one host runs them (their protection chosen there). */
    public Pair withInstances(List<Vrrp> chosen) {
        return new Pair(name, first, second, chosen, syncGroups, globalDefs, verbatim, vars, location);
    }

    public Pair {
        globalDefs = List.copyOf(globalDefs);
        verbatim = List.copyOf(verbatim);
        String globalProblem = VerbatimLines.GLOBAL_DEFS.problemOf(globalDefs);
        if (globalProblem != null) throw new InvalidInputException(location, "global_defs", globalProblem);
        String topProblem = VerbatimLines.TOP_LEVEL.problemOf(verbatim);
        if (topProblem != null) throw new InvalidInputException(location, "verbatim", topProblem);
        if (first.host().equals(second.host())) {
            throw new InvalidInputException(location, "nodes", "a pair needs two different hosts, got " + first.host() + " twice");
        }
        if (instances.isEmpty()) throw new InvalidInputException(location, "instances", "a pair needs at least one VRRP instance");
        instances = List.copyOf(instances);
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Vrrp v : instances) {
            if (!names.add(v.name())) {
                throw new InvalidInputException(v.location(), "instances." + v.name(), "two instances of the pair are named " + v.name());
            }
            for (String host : v.priorities().keySet()) {
                if (!host.equals(first.host()) && !host.equals(second.host())) {
                    throw new InvalidInputException(v.location(), "instances." + v.name() + ".priorities." + host, host + " is not a node of the pair");
                }
            }
            if (!v.priorities().isEmpty() && v.priorities().size() != 2) {
                throw new InvalidInputException(v.location(), "instances." + v.name() + ".priorities", "give both nodes a priority, or neither");
            }
            if (priority(first, v) == priority(second, v)) {
                throw new InvalidInputException(v.priorities().isEmpty() ? location : v.location(), v.priorities().isEmpty() ? "nodes" : "instances." + v.name() + ".priorities",
                        "the two nodes must have different priorities, both are " + priority(first, v));
            }
        }
        syncGroups = List.copyOf(syncGroups);
        Set<String> grouped = new HashSet<>();
        for (SyncGroup g : syncGroups) {
            for (String member : g.instances()) {
                if (!names.contains(member)) {
                    throw new InvalidInputException(g.location(), "sync_groups." + g.name() + ".instances", member + " is not an instance of the pair (its instances: "
                            + String.join(", ", names) + ")");
                }
                if (!grouped.add(member)) {
                    throw new InvalidInputException(g.location(), "sync_groups." + g.name() + ".instances", member + " is in another sync group already (keepalived allows one)");
                }
            }
            if (verbatim.stream().anyMatch(l -> l.strip().matches("vrrp_sync_group\\s+" + java.util.regex.Pattern.quote(g.name()) + "\\s*\\{"))) {
                throw new InvalidInputException(g.location(), "sync_groups." + g.name(), "verbatim declares a vrrp_sync_group " + g.name() + " too: say it once");
            }
        }
        // A pair's checks become one keepalived script each, named after the check: one name, one check.
        Map<String, HealthCheck> checks = new java.util.HashMap<>();
        for (Vrrp v : instances) {
            for (HealthCheck c : v.checks()) {
                HealthCheck seen = checks.putIfAbsent(c.name(), c);
                if (seen != null && !seen.asInventory().equals(c.asInventory())) {
                    throw new InvalidInputException(c.location(), "instances." + v.name() + ".checks." + c.name(),
                            "another instance of the pair declares check " + c.name() + " differently; give them different names");
                }
            }
        }
        if (first.initialState().equals("MASTER") && second.initialState().equals("MASTER")) {
            throw new InvalidInputException(second.location(), "nodes." + second.host() + ".state",
                    "both nodes of pair start as MASTER; give state: MASTER to one node only (the other is BACKUP)");
        }
        for (Vrrp v : instances) {
            if (v.preempt()) continue;
            for (PairNode n : List.of(first, second)) {
                if (n.initialState().equals("MASTER")) {
                    throw new InvalidInputException(n.location(), "nodes." + n.host() + ".state",
                            "MASTER cannot go with vrrp.preempt: false (keepalived clears nopreempt on a node that starts as MASTER);"
                                    + " leave state out: the higher priority wins the first election");
                }
            }
        }
        vars = Map.copyOf(vars);
    }

    /** The pair's main VRRP instance (the only one for most pairs). */
    public Vrrp vrrp() {
        return instances.get(0);
    }

    /** Every VIP of the pair, instance by instance. */
    public List<Vip> vips() {
        List<Vip> all = new ArrayList<>();
        instances.forEach(v -> all.addAll(v.vips()));
        return all;
    }

    /** The instance carrying {@code vip}. */
    public Vrrp instanceOf(Vip vip) {
        return instances.stream().filter(v -> v.vips().contains(vip)).findFirst().orElseThrow();
    }

    /** The instance named {@code name}. */
    public Vrrp instance(String name) {
        return instances.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(this.name + " has no instance " + name));
    }

    /** {@code node}'s priority in {@code instance}: the instance's own for it, else the node's. */
    public static int priority(PairNode node, Vrrp instance) {
        return instance.priorities().getOrDefault(node.host(), node.priority());
    }

    /** The node keepalived elects in {@code instance} when both run (with preemption it also takes the VIPs back). */
    public PairNode preferred(Vrrp instance) {
        return priority(first, instance) > priority(second, instance) ? first : second;
    }

    /** The node elected in the main instance. */
    public PairNode preferred() {
        return preferred(vrrp());
    }

    /** Whether the pair has more than one VRRP instance. */
    public boolean severalInstances() {
        return instances.size() > 1;
    }

    @Override
    public List<String> hosts() {
        return List.of(first.host(), second.host());
    }

    /** Its instances' VRRP passwords. */
    @Override
    public Set<String> secrets() {
        Set<String> out = new java.util.LinkedHashSet<>();
        instances.forEach(v -> { if (v.authPass() != null) out.add(v.authPass()); });
        return out;
    }

    public List<PairNode> nodes() {
        return List.of(first, second);
    }

    public Optional<PairNode> node(String host) {
        return nodes().stream().filter(n -> n.host().equals(host)).findFirst();
    }

    public Optional<PairNode> peerOf(String host) {
        if (first.host().equals(host)) return Optional.of(second);
        if (second.host().equals(host)) return Optional.of(first);
        return Optional.empty();
    }
}
