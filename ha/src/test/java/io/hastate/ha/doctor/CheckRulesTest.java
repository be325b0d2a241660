package io.hastate.ha.doctor;

import io.hastate.ha.model.Pairs;
import io.hastate.core.load.InventoryLoader;
import io.hastate.ha.model.Pair;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HA025 on declared checks: priorities 150 (lb1) and 100 (lb2), 50 apart. */
class CheckRulesTest {
    @TempDir
    Path dir;

    Pair pair(String checks) {
        return Pairs.first(new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts:
                  lb1: {address: 10.0.0.1}
                  lb2: {address: 10.0.0.2}
                pairs:
                  web:
                    nodes:
                      lb1: {priority: 150, state: MASTER}
                      lb2: {priority: 100}
                    vrrp:
                      virtual_router_id: 51
                      interface: eth0
                      vips: [10.0.0.10/32]
                      checks:
                """ + checks.indent(8))), "lb1").orElseThrow();
    }

    List<String> found(Pair p, String host) {
        return CheckRules.decorativeChecks(host, p).stream().map(f -> f.rule() + " " + f.host() + " " + f.evidence()).toList();
    }

    @Test
    void aNegativeWeightThatDoesNotCrossThePeerIsDecorative() {
        List<String> found = found(pair("haproxy: {process: haproxy, weight: -30}"), "lb1");
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("HA025 lb1 check haproxy (weight -30): lb1 at priority 150 is at 120 while it fails, lb2 at 100"), found.get(0));
        assertEquals(List.of(), found(pair("haproxy: {process: haproxy, weight: -30}"), "lb2"), "judged on the preferred node only");
    }

    @Test
    void aWeightThatCrossesThePeerOrZeroMovesTheVip() {
        assertEquals(List.of(), found(pair("haproxy: {process: haproxy, weight: -51}"), "lb1"));
        assertEquals(List.of(), found(pair("haproxy: {process: haproxy}"), "lb1"), "weight 0: a failing node goes to FAULT");
        assertEquals(List.of(), found(pair("haproxy: {process: haproxy, weight: 51}"), "lb1"), "150 while failing, 151 on the peer");
    }

    @Test
    void aTieIsNoMoveAndPositiveWeightsCountOnBothNodes() {
        assertEquals(1, found(pair("haproxy: {process: haproxy, weight: -50}"), "lb1").size(), "150 - 50 = 100: a tie decides nothing");
        assertEquals(1, found(pair("haproxy: {process: haproxy, weight: 40}"), "lb1").size(), "150 failing vs 140 passing");
        // Two positive checks: one failing leaves lb1 at 150 + 30 = 180, lb2 passing both at 100 + 60 + 30 = 190.
        assertEquals(List.of(), found(pair("haproxy: {process: haproxy, weight: 60}\nnginx: {process: nginx, weight: 30}"), "lb1").stream()
                .filter(f -> f.contains("check haproxy")).toList());
        assertEquals(1, found(pair("haproxy: {process: haproxy, weight: 60}\nnginx: {process: nginx, weight: 30}"), "lb1").stream()
                .filter(f -> f.contains("check nginx")).count(), "nginx failing: 210 vs 190");
    }
}
