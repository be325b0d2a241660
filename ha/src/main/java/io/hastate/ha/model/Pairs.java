package io.hastate.ha.model;

import io.hastate.core.model.HostSet;
import io.hastate.core.model.Inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An inventory's pairs, as {@link PairsSection} read them. */
public final class Pairs {
    private Pairs() {}

    /** Every pair by name, in inventory order. */
    public static Map<String, Pair> all(Inventory inventory) {
        Map<String, Pair> out = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends HostSet> e : inventory.section(PairsSection.KEY).entrySet()) out.put(e.getKey(), (Pair) e.getValue());
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The host's first pair (in inventory order); a host may be a node of several, see {@link #of}. */
    public static Optional<Pair> first(Inventory inventory, String host) {
        return of(inventory, host).stream().findFirst();
    }

    /** Every pair the host is a node of, in inventory order: its keepalived.conf carries all their instances. */
    public static List<Pair> of(Inventory inventory, String host) {
        return all(inventory).values().stream().filter(p -> p.node(host).isPresent()).toList();
    }
}
