package io.hastate.core.plan;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.load.StateTree;
import io.hastate.core.model.Inventory;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.template.HostContext;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.testing.KvFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Facts read from the hosts before their states are rendered, all hosts in one call. */
@Timeout(10)
class PlannerGrainsTest {
    static final Fact<String> COLOUR = new Fact<>("colour", "cat /etc/colour", (out, rc) -> out.strip());

    /** Gives templates {{colour}}: the host's grain, or "unknown" for a host not reached. */
    static final class ColourContributor implements HostContext.Contributor {
        @Override
        public List<Fact<?>> grains(Inventory inv, String host) {
            return host.equals("plain") ? List.of() : List.of(COLOUR);
        }

        @Override
        public void addTo(Map<String, Object> context, Inventory inv, String host, FactValues grains) {
            context.put("colour", grains.find(COLOUR).orElse("unknown"));
        }
    }

    @Test
    void grainsAreReadOnceForAllHostsAndReachTheTemplates(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml",
                "hosts:\n  red: {connection: local}\n  gone: {connection: local}\n  plain: {connection: local}\n"));
        Fixtures.write(dir, "states/paint.yaml", "paint:\n  kv.set:\n    name: colour\n    value: \"{{colour}}\"\n");
        List<Map<String, List<Fact<?>>>> calls = new ArrayList<>();
        HostGrains grains = wanted -> {
            calls.add(wanted);
            return Map.of("red", new FactValues(Map.of("colour", "red")));
        };
        List<HostPlan> plans = new Planner(new ModuleRegistry(List.of(new KvFunction())), List.of(new ColourContributor()))
                .plan(inv, new StateTree(dir.resolve("states")), List.of("paint"), List.of("red", "gone", "plain"), h -> List.of(), grains);

        assertEquals(1, calls.size(), "one read for the whole run");
        assertEquals(List.of("red", "gone"), List.copyOf(calls.get(0).keySet()), "only hosts whose contributors want grains");
        assertEquals(List.of("red", "unknown", "unknown"), plans.stream().map(p -> p.graph().ordered().get(0).state().args().string("value")).toList());
    }

    @Test
    void nothingWantedIsNothingRead(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", "hosts:\n  plain: {connection: local}\n"));
        Fixtures.write(dir, "states/paint.yaml", "paint:\n  kv.set:\n    name: colour\n    value: \"{{colour}}\"\n");
        List<String> asked = new ArrayList<>();
        new Planner(new ModuleRegistry(List.of(new KvFunction())), List.of(new ColourContributor()))
                .plan(inv, new StateTree(dir.resolve("states")), List.of("paint"), List.of("plain"), h -> List.of(), wanted -> {
                    asked.add("read");
                    return Map.of();
                });
        assertEquals(List.of(), asked);
    }
}
