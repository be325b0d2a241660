package io.hastate.ha.importing;

import io.hastate.ha.model.HealthCheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pair recognised on two hosts, in the inventory's terms: its nodes, its VRRP instances (the first is
 * the main one, whose priorities are the nodes'), the global_defs and top-level lines it carries as
 * written, and what the HA tree would change in its
 * keepalived.conf on apply (empty: nothing that changes the configuration's meaning).
 */
public record ImportedPair(String name, List<Node> nodes, Map<String, String> protections, List<Instance> instances,
                           List<io.hastate.ha.model.SyncGroup> syncGroups, List<String> globalDefs, List<String> verbatim, List<String> renderers,
                           List<String> differences) {
    public ImportedPair {
        syncGroups = List.copyOf(syncGroups);
        protections = Collections.unmodifiableMap(new LinkedHashMap<>(protections));
        globalDefs = List.copyOf(globalDefs);
        verbatim = List.copyOf(verbatim);
        nodes = List.copyOf(nodes);
        instances = List.copyOf(instances);
        renderers = List.copyOf(renderers);
        differences = List.copyOf(differences);
    }

    /** A node: its priority, its start state, and its advert source when the HA tree must be told it. */
    public record Node(String host, int priority, String state, String address) {}

    /**
     * One VRRP instance; {@code priorities} is empty where the nodes' own priorities are the instance's;
     * {@code verbatim}: its lines the model has no field for, carried as written.
     */
    public record Instance(String name, int virtualRouterId, String iface, int advertInt, List<String> vips, boolean unicast, boolean preempt,
                           String authPass, List<HealthCheck> checks, Map<String, String> notifyScripts, Map<String, Integer> priorities,
                           List<String> verbatim) {
        public Instance {
            verbatim = List.copyOf(verbatim);
            vips = List.copyOf(vips);
            checks = List.copyOf(checks);
            notifyScripts = Collections.unmodifiableMap(new LinkedHashMap<>(notifyScripts));
            priorities = Collections.unmodifiableMap(new LinkedHashMap<>(priorities));
        }
    }

    /** How the instance's interface is protected (one way per interface). */
    public String protectionOf(Instance i) {
        return protections.get(i.iface());
    }

    /** The protections in words: one, or each interface's. */
    public String protectionText() {
        if (protections.size() == 1) return protections.values().iterator().next();
        return String.join(", ", protections.entrySet().stream().map(e -> e.getValue() + " on " + e.getKey()).toList());
    }

    /** The first instance: the one the nodes' priorities and start states come from. */
    public Instance main() {
        return instances.get(0);
    }

    /** One instance named after the pair with the nodes' priorities: the inventory's {@code vrrp:} shorthand says it. */
    public boolean oneInstance() {
        return instances.size() == 1 && main().name().equals(name) && main().priorities().isEmpty();
    }
}
