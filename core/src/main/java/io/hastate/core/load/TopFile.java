package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps targets to state names, like Salt's top.sls:
 * <pre>
 * "*":      [common]
 * lb-pair:  [ha.vip]
 * </pre>
 * Keys are target expressions (see {@link Targets}); a host gets the states of every key that matches it.
 */
public final class TopFile {
    public record Assignment(String target, List<String> states, Location location) {}

    private final List<Assignment> assignments;
    /** Each target's hosts, for the inventory last asked about: a fleet's hosts are asked one by one. */
    private final Map<String, java.util.Set<String>> selected = new java.util.HashMap<>();
    private Inventory selectedFrom;

    private TopFile(List<Assignment> assignments) {
        this.assignments = assignments;
    }

    public static TopFile read(Path file, Inventory inventory) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(new Location(file.toString(), 0),
                    "no top file: name the states to run, or create " + file);
        }
        YNode.YMap doc = YamlFiles.read(file).asMap("top");
        List<Assignment> list = new ArrayList<>();
        for (YNode.YMap.Entry e : doc.entries().values()) {
            boolean matches;
            try {
                matches = Targets.select(inventory, e.key()).isPresent();
            } catch (IllegalArgumentException bad) {
                throw new InvalidInputException(e.keyLocation(), e.key(), bad.getMessage());
            }
            if (!matches) {
                throw new InvalidInputException(e.keyLocation(), e.key(), "matches no host, group or pair of " + inventory.source());
            }
            List<String> states = new ArrayList<>();
            for (YNode n : e.value().asListOrSingle(e.key())) states.add(n.asString(e.key()));
            list.add(new Assignment(e.key(), states, e.keyLocation()));
        }
        return new TopFile(list);
    }

    /** State names for one host, each once, in top-file order, with where each was assigned. */
    public synchronized Map<String, Location> statesFor(Inventory inventory, String host) {
        Map<String, Location> out = new LinkedHashMap<>();
        if (selectedFrom != inventory) {
            selected.clear();
            selectedFrom = inventory;
        }
        for (Assignment a : assignments) {
            java.util.Set<String> hosts = selected.computeIfAbsent(a.target(),
                    t -> java.util.Set.copyOf(Targets.select(inventory, t).orElse(List.of())));
            if (hosts.contains(host)) {
                for (String s : a.states()) out.putIfAbsent(s, a.location());
            }
        }
        return out;
    }
}
