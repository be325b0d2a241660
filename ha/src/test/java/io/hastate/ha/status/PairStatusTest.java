package io.hastate.ha.status;

import io.hastate.core.report.RunSummary;
import io.hastate.core.report.ExitCodes;

import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.Mode;
import io.hastate.core.facts.NetAddresses;
import io.hastate.core.report.ReportSection;
import io.hastate.ha.facts.KeepalivedProcess;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PairStatusTest {
    @TempDir
    Path dir;

    Inventory inventory(String protection) {
        return inventory(protection, true);
    }

    Inventory inventory(String protection, boolean preempt) {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a: {}, b: {}}
                pairs:
                  p:
                    nodes: {a: {priority: 2}, b: {priority: 1}}
                    vrrp: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32, 10.0.0.10/32], protection: %s, preempt: %s}
                """.formatted(protection, preempt)));
    }

    static RunSummary observed(List<NetAddresses.NetAddress> a, List<NetAddresses.NetAddress> b) {
        RunSummary s = new RunSummary();
        s.on(new EngineEvent.RunStarted(Mode.CHECK, List.of("a", "b")));
        s.on(new EngineEvent.HostObserved("a", Map.of(NetAddresses.FACT.key(), a)));
        s.on(new EngineEvent.HostObserved("b", Map.of(NetAddresses.FACT.key(), b)));
        return s;
    }

    static NetAddresses.NetAddress held(String dev, String addr) {
        return new NetAddresses.NetAddress(dev, addr, 32, "global");
    }

    static List<String> problems(Inventory inv, RunSummary s) {
        return PairStatus.of(inv, s).get(0).problems();
    }

    @Test
    void oneHolderOnTheRightDeviceIsHealthy() {
        assertEquals(List.of(), problems(inventory("none"), observed(List.of(held("eth0", "10.0.0.9"), held("eth0", "10.0.0.10")), List.of())));
    }

    @Test
    void splitBrainNoMasterWrongDeviceAndSplitSets() {
        Inventory vmac = inventory("vmac");
        assertEquals(List.of("split brain: 10.0.0.9/32 is held by a and b", "no master: nobody holds 10.0.0.10/32"),
                problems(vmac, observed(List.of(held("vrrp.9", "10.0.0.9")), List.of(held("vrrp.9", "10.0.0.9")))));
        assertEquals(List.of("10.0.0.9/32 is on a's eth0, expected vrrp.9", "10.0.0.10/32 is on a's eth0, expected vrrp.9"),
                problems(vmac, observed(List.of(held("eth0", "10.0.0.9"), held("eth0", "10.0.0.10")), List.of())));
        assertEquals(List.of("the VIPs are split between a and b"),
                problems(inventory("none"), observed(List.of(held("eth0", "10.0.0.9")), List.of(held("eth0", "10.0.0.10")))));
        assertEquals(ExitCodes.FAILED, ExitCodes.of(new RunSummary(), List.of(PairSection.of(vmac, observed(List.of(), List.of())))));
    }

    @Test
    void aPreemptingPairsVipsOnTheLowerPriorityNodeMeanNoStandby() {
        RunSummary onB = observed(List.of(), List.of(held("eth0", "10.0.0.9"), held("eth0", "10.0.0.10")));
        assertEquals(List.of("held by b, but a has the higher priority and preempts: keepalived on a is stopped or in FAULT, so the pair has no standby"),
                problems(inventory("none"), onB));
        assertEquals(List.of(), problems(inventory("none", false), onB), "without preemption the VIPs stay wherever they went");
    }

    @Test
    void aPairWithANodeNotObservedIsNotJudged() {
        RunSummary s = new RunSummary();
        s.on(new EngineEvent.HostObserved("a", Map.of(NetAddresses.FACT.key(), List.of())));
        assertEquals(List.of(), PairStatus.of(inventory("none"), s));
    }

    @Test
    void withKeepalivedRunningOnNeitherNodeNoMasterIsDriftNotAnOutage() {
        Inventory inv = inventory("none");
        RunSummary stopped = observed(List.of(), List.of());
        for (String h : List.of("a", "b")) {
            stopped.on(new EngineEvent.HostObserved(h, Map.of(NetAddresses.FACT.key(), List.of(),
                    KeepalivedProcess.FACT.key(), new KeepalivedProcess(false, 0, "STOPPED"))));
        }
        PairSection section = PairSection.of(inv, stopped);
        assertEquals(List.of("no master: nobody holds 10.0.0.9/32", "no master: nobody holds 10.0.0.10/32", "keepalived runs on neither node"),
                section.pairs().get(0).problems());
        assertEquals(ReportSection.Outcome.DRIFT, section.outcome());

        RunSummary running = observed(List.of(), List.of());
        running.on(new EngineEvent.HostObserved("a", Map.of(NetAddresses.FACT.key(), List.of(),
                KeepalivedProcess.FACT.key(), new KeepalivedProcess(true, 5, "BACKUP"))));
        assertEquals(ReportSection.Outcome.FAILED, PairSection.of(inv, running).outcome(), "keepalived runs and nobody holds: an outage");
    }

    @Test
    void anActiveActivePairIsHealthyWithEachInstanceOnItsOwnNodeAndEachInstanceIsJudgedAlone() {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a: {}, b: {}}
                pairs:
                  p:
                    nodes: {a: {priority: 2}, b: {priority: 1}}
                    instances:
                      web: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32]}
                      api: {virtual_router_id: 10, interface: eth0, vips: [10.0.0.10/32, 10.0.0.11/32], priorities: {a: 1, b: 2}}
                """));
        RunSummary apart = observed(List.of(held("eth0", "10.0.0.9")), List.of(held("eth0", "10.0.0.10"), held("eth0", "10.0.0.11")));
        assertEquals(List.of(), problems(inv, apart), "each node holds the instance it prefers");
        assertEquals(List.of("10.0.0.9/32", "10.0.0.10/32", "10.0.0.11/32"), List.copyOf(PairStatus.of(inv, apart).get(0).vips().keySet()));

        RunSummary allOnA = observed(List.of(held("eth0", "10.0.0.9"), held("eth0", "10.0.0.10"), held("eth0", "10.0.0.11")), List.of());
        assertEquals(List.of("held by a of instance api, but b has the higher priority and preempts: keepalived on b is stopped or in FAULT, so the pair has no standby"),
                problems(inv, allOnA));
        RunSummary apiSplit = observed(List.of(held("eth0", "10.0.0.9"), held("eth0", "10.0.0.10")), List.of(held("eth0", "10.0.0.11")));
        assertEquals(List.of("the VIPs of instance api are split between a and b"), problems(inv, apiSplit));
    }
}
