package io.hastate.core.engine;

import io.hastate.core.graph.StateGraph;
import io.hastate.core.model.Host;

/** One host and its compiled states, ready to run; {@code secrets} are values reports must mask. */
public record HostPlan(Host host, StateGraph graph, java.util.Set<String> secrets) {}
