package io.hastate.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Two hosts sharing a keepalived VIP: the unit hastate rolls out and checks together. */
public record Pair(String name, PairNode first, PairNode second, Vrrp vrrp, Map<String, Object> vars, Location location) {
    public Pair {
        if (first.host().equals(second.host())) {
            throw new InvalidInputException(location, "nodes", "a pair needs two different hosts, got " + first.host() + " twice");
        }
        if (first.priority() == second.priority()) {
            throw new InvalidInputException(location, "nodes", "the two nodes must have different priorities, both are " + first.priority());
        }
        if (first.initialState().equals("MASTER") && second.initialState().equals("MASTER")) {
            throw new InvalidInputException(second.location(), "nodes." + second.host() + ".state",
                    "both nodes of pair start as MASTER; give state: MASTER to one node only (the other is BACKUP)");
        }
        if (!vrrp.preempt()) {
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

    /** The node keepalived elects when both run: the higher priority (with preemption it also takes the VIP back). */
    public PairNode preferred() {
        return first.priority() > second.priority() ? first : second;
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
