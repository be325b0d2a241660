package io.hastate.ha.importing;

import io.hastate.core.model.HealthCheck;

import java.util.List;
import java.util.Map;

/**
 * A pair recognised on two hosts, in the inventory's terms, with what the HA tree would change in its
 * keepalived.conf on apply (empty: nothing that changes the configuration's meaning).
 */
public record ImportedPair(String name, List<Node> nodes, int virtualRouterId, String iface, int advertInt, List<String> vips,
                           String protection, boolean unicast, boolean preempt, String authPass, List<HealthCheck> checks,
                           Map<String, String> notifyScripts, List<String> renderers, List<String> differences) {
    public ImportedPair {
        checks = List.copyOf(checks);
        notifyScripts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notifyScripts));
        nodes = List.copyOf(nodes);
        vips = List.copyOf(vips);
        renderers = List.copyOf(renderers);
        differences = List.copyOf(differences);
    }

    /** A node: its priority, its start state, and its advert source when the HA tree must be told it. */
    public record Node(String host, int priority, String state, String address) {}
}
