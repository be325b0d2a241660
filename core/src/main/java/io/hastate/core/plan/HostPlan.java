package io.hastate.core.plan;

import io.hastate.core.graph.StateGraph;
import io.hastate.core.model.Host;

/**
 * One host and its compiled states, ready to run; {@code secrets} are values reports must mask.
 * {@code observations} are facts read along with the states' own (no extra round trip in check
 * mode) and reported as they are at the end of the run, such as which VIPs the host holds.
 */
public record HostPlan(Host host, StateGraph graph, java.util.Set<String> secrets, java.util.List<io.hastate.core.facts.Fact<?>> observations) {
    public HostPlan(Host host, StateGraph graph, java.util.Set<String> secrets) {
        this(host, graph, secrets, java.util.List.of());
    }
}
