package io.hastate.core.model;

import java.util.List;
import java.util.Map;

/** A named set of hosts with variables; {@code children} are other groups whose hosts belong here too. */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars, Location location) {
    public Group {
        hosts = List.copyOf(hosts);
        children = List.copyOf(children);
        vars = Map.copyOf(vars);
    }
}
