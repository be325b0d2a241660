package io.hastate.ha.model;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A keepalived sync group: instances of one pair that change state together (one faults, all go to
 * FAULT or BACKUP), and the scripts keepalived runs when the group changes state.
 */
public record SyncGroup(String name, List<String> instances, Map<String, String> notifyScripts, Location location) {
    /** The events a group's notify script can be declared for (keepalived has them for groups since 1.x). */
    public static final List<String> NOTIFY_EVENTS = List.of("master", "backup", "fault", "state");

    public SyncGroup {
        instances = List.copyOf(instances);
        notifyScripts = Collections.unmodifiableMap(new LinkedHashMap<>(notifyScripts));
        if (!io.hastate.core.model.Names.isIdentifier(name)) {
            throw new InvalidInputException(location, name, "'" + name + "' is not a valid sync group name (letters, digits, _ . -)");
        }
        // keepalived drops a group of one with a warning: it syncs nothing.
        if (instances.size() < 2) {
            throw new InvalidInputException(location, "instances", "a sync group needs at least two instances of the pair, got " + instances.size());
        }
        if (instances.stream().distinct().count() != instances.size()) {
            throw new InvalidInputException(location, "instances", "an instance is listed twice");
        }
        for (var e : notifyScripts.entrySet()) {
            if (!NOTIFY_EVENTS.contains(e.getKey())) {
                throw new InvalidInputException(location, "notify." + e.getKey(), "a sync group's notify is one of " + String.join(", ", NOTIFY_EVENTS));
            }
            String problem = Vrrp.notifyProblem(e.getKey(), e.getValue());
            if (problem != null) throw new InvalidInputException(location, "notify." + e.getKey(), problem);
        }
    }

    /** The group as keepalived.conf's top-level block, one line per keyword or brace. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("vrrp_sync_group " + name + " {");
        out.add("group {");
        out.addAll(instances);
        out.add("}");
        notifyScripts.forEach((event, script) -> out.add(Vrrp.NOTIFY_EVENTS.get(event) + " " + script));
        out.add("}");
        return out;
    }
}
