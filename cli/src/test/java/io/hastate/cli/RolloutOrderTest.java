package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** apply says each pair's rollout order on stderr before the rollout starts, terminal or not; -q hides it. */
class RolloutOrderTest {
    @TempDir
    Path dir;

    @Test
    void applySaysEveryPairsOrderBeforeItStarts() throws Exception {
        Path inv = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  n1: {connection: local}
                  n2: {connection: local}
                  n3: {connection: local}
                  n4: {connection: local}
                pairs:
                  web:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    vrrp: {virtual_router_id: 77, interface: lo, vips: [192.0.2.77/32]}
                  db:
                    nodes: {n3: {priority: 100}, n4: {priority: 150}}
                    vrrp: {virtual_router_id: 78, interface: lo, vips: [192.0.2.78/32]}
                """);
        Fixtures.write(dir, "states/top.yaml", "'*': [marker]\n");
        Fixtures.write(dir, "states/marker.yaml", "marker:\n  file.managed: {name: %s, content: \"x\\n\"}\n".formatted(dir.resolve("marker")));
        Files.writeString(dir.resolve("marker"), "x\n");
        String states = dir.resolve("states").toString();

        Run apply = Run.of("apply", "-i", inv.toString(), "--states", states, "--serial", "1");
        // Nobody runs keepalived here: the apply succeeds, and says, as check would, that its pairs are not serving.
        assertEquals(2, apply.exit(), apply.err());
        assertTrue(apply.out().contains("web  PROBLEM: keepalived runs on neither node"), apply.out());
        String err = apply.err();
        int web = err.indexOf("hastate: rollout order, web: VIP held by nobody: n1 first, then n2");
        int db = err.indexOf("hastate: rollout order, db: VIP held by nobody: n4 first, then n3");
        assertTrue(web >= 0 && db >= 0, "each pair's order, the preferred node first when nobody holds the VIP:\n" + err);
        assertFalse(Run.of("apply", "-i", inv.toString(), "--states", states, "-q").err().contains("rollout order"), "-q hides it");
        assertFalse(Run.of("apply", "-i", inv.toString(), "--states", states, "--no-rollout").err().contains("rollout order"),
                "no rollout, no order");
    }
}
