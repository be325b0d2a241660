package io.hastate.ha.doctor;

import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.Mode;
import io.hastate.core.facts.NetAddresses;
import io.hastate.core.facts.SystemFacts;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.report.RunSummary;
import io.hastate.core.testing.Fixtures;
import io.hastate.ha.keepalived.KeepalivedVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The doctor reads and judges every interface a pair member's instances are on, not only its first pair's first. */
class DoctorSectionTest {
    @TempDir
    Path dir;

    static final String ADDRS = "[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"10.77.1.1\",\"prefixlen\":16,\"scope\":\"global\"}]},"
            + "{\"ifname\":\"eth1\",\"addr_info\":[{\"local\":\"10.78.1.1\",\"prefixlen\":16,\"scope\":\"global\"}]}]";

    Inventory inventory() {
        return new InventoryLoader().load(Fixtures.write(dir, "inventory.yaml", """
                hosts: {lb1: {}, lb2: {}}
                pairs:
                  web:
                    nodes: {lb1: {priority: 150}, lb2: {priority: 100}}
                    instances:
                      front: {virtual_router_id: 51, interface: eth0, vips: [10.77.100.1/32]}
                      back: {virtual_router_id: 52, interface: eth1, vips: [10.78.100.1/32]}
                """));
    }

    /** What lb1 answered: each interface's own evidence (networkd keeping foreign addresses on it, or not) and the shared facts. */
    static RunSummary observedOnLb1(String eth1Keep) {
        Map<String, Object> observed = new HashMap<>();
        observed.put("doctor:eth0", own("KeepConfiguration=yes"));
        observed.put("doctor:eth1", own(eth1Keep));
        observed.put(SystemFacts.SYSTEMD_VERSION.key(), 252);
        observed.put(KeepalivedVersion.FACT.key(), KeepalivedVersion.FACT.parse("Keepalived v2.2.7 (01/16,2022)", 0));
        observed.put(NetAddresses.FACT.key(), NetAddresses.FACT.parse(ADDRS, 0));
        RunSummary summary = new RunSummary();
        summary.on(new EngineEvent.RunStarted(Mode.CHECK, List.of("lb1")));
        summary.on(new EngineEvent.HostObserved("lb1", observed));
        return summary;
    }

    static Evidence own(String keep) {
        return Evidence.parse("networkd=active\nlinks=eth0:configured eth1:configured\n" + (keep == null ? "" : "keep=" + keep + "\n")
                + "conf=\ntest=0\ntestout=\nsysctl:net/ipv4/conf/eth0/promote_secondaries=1\nsysctl:net/ipv4/conf/eth1/promote_secondaries=1\n");
    }

    @Test
    void eachInterfaceIsReadOnceWithTheSharedFactsOnce() {
        List<String> keys = DoctorSection.observations(inventory(), "lb1").stream().map(f -> f.key()).toList();
        assertTrue(keys.containsAll(List.of("doctor:eth0", "doctor:eth1")), keys.toString());
        assertEquals(keys.stream().distinct().count(), keys.size(), "a fact read once: " + keys);
    }

    @Test
    void anUnprotectedSecondInterfaceIsFoundAndAProtectedOneIsNot() {
        DoctorSection unprotected = DoctorSection.of(inventory(), observedOnLb1(null));
        List<Finding> onEth1 = unprotected.findings().stream().filter(f -> f.rule().equals("HA001")).toList();
        assertEquals(1, onEth1.size(), unprotected.findings().toString());
        assertTrue(onEth1.get(0).evidence().contains("eth1"), onEth1.get(0).evidence());
        assertEquals(1, unprotected.examined());

        DoctorSection protectedBoth = DoctorSection.of(inventory(), observedOnLb1("KeepConfiguration=yes"));
        assertFalse(protectedBoth.findings().stream().anyMatch(f -> f.rule().equals("HA001")), protectedBoth.findings().toString());
        // A finding about the host itself is told once, not once per interface.
        assertEquals(protectedBoth.findings().stream().distinct().count(), protectedBoth.findings().size());
    }

    @Test
    void aMemberWhoseSecondInterfaceWasNotReadIsNotExamined() {
        RunSummary summary = observedOnLb1("KeepConfiguration=yes");
        Map<String, Object> partial = new HashMap<>(summary.hosts().get(0).observations());
        partial.remove("doctor:eth1");
        summary.on(new EngineEvent.HostObserved("lb1", partial));
        DoctorSection section = DoctorSection.of(inventory(), summary);
        assertEquals(List.of("lb1"), section.notExamined());
        assertEquals(0, section.examined());
    }
}
