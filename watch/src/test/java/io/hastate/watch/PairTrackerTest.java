package io.hastate.watch;

import io.hastate.ha.model.Pairs;
import io.hastate.core.facts.NetAddresses.NetAddress;
import io.hastate.core.load.InventoryLoader;
import io.hastate.ha.model.Pair;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairTrackerTest {
    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");

    Pair pair() {
        return Pairs.all(new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a: {}, b: {}}
                pairs:
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32]}
                """))).get("web");
    }

    static NodeView holding(String device, String state) {
        return new NodeView(true, List.of(new NetAddress("eth0", "10.0.0.1", 24, "global"), new NetAddress(device, "10.0.0.9", 32, "global")), state);
    }

    static final NodeView STANDBY = new NodeView(true, List.of(new NetAddress("eth0", "10.0.0.2", 24, "global")), "BACKUP");

    static List<WatchEvent.Kind> kinds(List<WatchEvent> events) {
        return events.stream().map(WatchEvent::kind).toList();
    }

    @Test
    void aVipLostAndTakenOverIsOneOutageWithItsDuration() {
        PairTracker t = new PairTracker(pair());
        assertEquals(List.of(), t.update("a", holding("eth0", "MASTER"), T0));
        assertEquals(List.of(), t.update("b", STANDBY, T0), "a healthy pair says nothing");
        assertEquals(1, t.holderCounts().get("10.0.0.9/32"));

        List<WatchEvent> lost = t.update("a", new NodeView(true, List.of(), "MASTER"), T0.plusMillis(100));
        assertEquals(List.of(WatchEvent.Kind.VIP_MOVED, WatchEvent.Kind.OUTAGE), kinds(lost));
        assertEquals("nobody holds 10.0.0.9/32", lost.get(1).detail());
        assertTrue(t.inOutage());
        assertEquals(Duration.ofMillis(200), t.outageTotal(T0.plusMillis(300)), "an ongoing outage counts up to now");

        List<WatchEvent> taken = t.update("b", holding("eth0", "MASTER"), T0.plusMillis(1450));
        assertEquals(List.of(WatchEvent.Kind.KEEPALIVED_STATE, WatchEvent.Kind.VIP_MOVED, WatchEvent.Kind.OUTAGE_OVER), kinds(taken));
        assertEquals("lasted 1350 ms", taken.get(2).detail());
        assertEquals(Duration.ofMillis(1350), t.outageTotal(T0.plusSeconds(60)));
        assertEquals(2, t.transitions());
    }

    @Test
    void eachNodesKeepalivedStateIsKeptForTheStatusPage() {
        PairTracker t = new PairTracker(pair());
        assertEquals(java.util.Map.of("a", "unknown", "b", "unknown"), t.nodeStates());
        t.update("a", holding("eth0", "MASTER"), T0);
        t.update("b", NodeView.UNREACHABLE, T0);
        assertEquals(java.util.Map.of("a", "MASTER", "b", "unreachable"), t.nodeStates());
    }

    @Test
    void bothNodesHoldingIsSplitBrainAndAWrongDeviceIsFlagged() {
        PairTracker t = new PairTracker(pair());
        t.update("a", holding("eth0", "MASTER"), T0);
        t.update("b", STANDBY, T0);
        assertEquals(List.of(WatchEvent.Kind.KEEPALIVED_STATE, WatchEvent.Kind.VIP_MOVED, WatchEvent.Kind.SPLIT_BRAIN),
                kinds(t.update("b", holding("eth0", "MASTER"), T0.plusSeconds(1))));
        assertTrue(t.splitBrain());
        assertEquals(List.of(WatchEvent.Kind.KEEPALIVED_STATE, WatchEvent.Kind.VIP_MOVED, WatchEvent.Kind.SPLIT_BRAIN_OVER),
                kinds(t.update("b", STANDBY, T0.plusSeconds(2))));
        assertEquals(List.of(WatchEvent.Kind.WRONG_DEVICE), kinds(t.update("a", holding("eth1", "MASTER"), T0.plusSeconds(3))));
        assertFalse(t.inOutage());
    }

    @Test
    void eachInstanceOfAnActiveActivePairHasItsOwnMovesAndASplitNamesTheVip() {
        Pair aa = Pairs.all(new InventoryLoader().load(Fixtures.write(dir, "aa.yaml", """
                hosts: {a: {}, b: {}}
                pairs:
                  lb:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    instances:
                      web: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32]}
                      api: {virtual_router_id: 10, interface: eth0, vips: [10.0.0.10/32], priorities: {a: 100, b: 150}}
                """))).get("lb");
        PairTracker t = new PairTracker(aa);
        NodeView aWeb = new NodeView(true, List.of(new NetAddress("eth0", "10.0.0.9", 32, "global")), "MASTER");
        NodeView bApi = new NodeView(true, List.of(new NetAddress("eth0", "10.0.0.10", 32, "global")), "MASTER");
        NodeView aBoth = new NodeView(true, List.of(new NetAddress("eth0", "10.0.0.9", 32, "global"), new NetAddress("eth0", "10.0.0.10", 32, "global")), "MASTER");
        t.update("a", aWeb, T0);
        assertEquals(List.of(), t.update("b", bApi, T0), "active/active: each holds its own");
        List<WatchEvent> split = t.update("a", aBoth, T0.plusSeconds(1));
        assertEquals(List.of(WatchEvent.Kind.VIP_MOVED, WatchEvent.Kind.SPLIT_BRAIN), kinds(split));
        assertEquals("api (10.0.0.10/32) held by b -> a and b", split.get(0).detail());
        assertEquals("both nodes hold 10.0.0.10/32", split.get(1).detail());
        List<WatchEvent> moved = t.update("b", new NodeView(true, List.of(), "BACKUP"), T0.plusSeconds(2));
        assertEquals("api (10.0.0.10/32) held by a and b -> a", moved.get(1).detail());
        assertEquals(2, t.transitions());
    }

    @Test
    void aPairIsJudgedOnlyOnceBothNodesWereSeen() {
        PairTracker t = new PairTracker(pair());
        assertEquals(List.of(), t.update("a", new NodeView(true, List.of(), "BACKUP"), T0), "b may hold it");
        assertEquals(List.of(), List.copyOf(t.holderCounts().keySet()));
        assertEquals(List.of(WatchEvent.Kind.OUTAGE), kinds(t.update("b", NodeView.UNREACHABLE, T0)));
    }

    @Test
    void keepalivedStoppedOrInFaultIsAProblemUntilItIsBackAndStateChangesInQuickSuccessionAreFlapping() {
        PairTracker t = new PairTracker(pair());
        t.update("a", holding("eth0", "MASTER"), T0);
        t.update("b", STANDBY, T0);
        NodeView faulted = new NodeView(true, List.of(new NetAddress("eth0", "10.0.0.2", 24, "global")), "FAULT");
        List<WatchEvent> fault = t.update("b", faulted, T0.plusSeconds(1));
        assertEquals(List.of(WatchEvent.Kind.KEEPALIVED_STATE, WatchEvent.Kind.KEEPALIVED_DOWN), kinds(fault));
        assertEquals("keepalived is FAULT", fault.get(1).detail());
        assertEquals(List.of(WatchEvent.Kind.KEEPALIVED_STATE, WatchEvent.Kind.KEEPALIVED_UP), kinds(t.update("b", STANDBY, T0.plusSeconds(2))));
        t.update("b", faulted, T0.plusSeconds(3));
        List<WatchEvent> fourth = t.update("b", STANDBY, T0.plusSeconds(4));
        assertTrue(kinds(fourth).contains(WatchEvent.Kind.FLAPPING), "four state changes within a minute: " + fourth);
        assertEquals(List.of(WatchEvent.Kind.FLAPPING_OVER), kinds(t.update("b", STANDBY, T0.plusSeconds(120))));
    }

    @Test
    void anOutageNamesWhatHappenedOnTheNodesJustBefore() {
        PairTracker t = new PairTracker(pair());
        t.update("a", holding("eth0", "MASTER"), T0);
        t.update("b", STANDBY, T0);
        t.update("b", NodeView.UNREACHABLE, T0.plusSeconds(1));
        List<WatchEvent> lost = t.update("a", new NodeView(true, List.of(), "FAULT"), T0.plusSeconds(2));
        WatchEvent outage = lost.stream().filter(e -> e.kind() == WatchEvent.Kind.OUTAGE).findFirst().orElseThrow();
        assertEquals("nobody holds 10.0.0.9/32; after b unreachable, a keepalived MASTER -> FAULT", outage.detail());

        PairTracker later = new PairTracker(pair());
        later.update("a", holding("eth0", "MASTER"), T0);
        later.update("b", new NodeView(true, List.of(), "FAULT"), T0);
        later.update("b", STANDBY, T0.plusSeconds(1));
        List<WatchEvent> quiet = later.update("a", new NodeView(true, List.of(), "MASTER"), T0.plusSeconds(30));
        assertEquals("nobody holds 10.0.0.9/32", quiet.stream().filter(e -> e.kind() == WatchEvent.Kind.OUTAGE).findFirst().orElseThrow().detail(),
                "what happened 29 s before is not a cause");
    }

    @Test
    void aLookDatedBeforeTheLastOneTakenInCountsAsNowSoNothingLastsLessThanZero() {
        PairTracker t = new PairTracker(pair());
        t.update("a", holding("eth0", "MASTER"), T0);
        t.update("b", STANDBY, T0);
        List<WatchEvent> lost = t.update("a", new NodeView(true, List.of(), "MASTER"), T0.plusMillis(500));
        assertEquals(T0.plusMillis(500), lost.get(lost.size() - 1).at());
        // b's look was dated earlier but came back later: the outage ends when it was taken in, not before it began.
        List<WatchEvent> taken = t.update("b", holding("eth0", "MASTER"), T0.plusMillis(300));
        WatchEvent over = taken.stream().filter(e -> e.kind() == WatchEvent.Kind.OUTAGE_OVER).findFirst().orElseThrow();
        assertEquals("lasted 0 ms", over.detail());
        assertEquals(T0.plusMillis(500), over.at());
        assertEquals(Duration.ZERO, t.outageTotal(T0.plusMillis(500)));
    }

    @Test
    void anOutageEndsWhenThePeerTookTheVipEvenWhenALaterLookAtTheOtherNodeCameInFirst() {
        PairTracker t = new PairTracker(pair());
        t.update("a", holding("eth0", "MASTER"), T0);
        t.update("b", STANDBY, T0);
        // a's kernel line: the VIP went at 100 ms; a's look, dated by its burst's latest line (keepalived's
        // journal at 500 ms), came in before b's news of 300 ms.
        t.update("a", new NodeView(true, List.of(), "MASTER"), T0.plusMillis(100));
        t.update("a", new NodeView(true, List.of(), "BACKUP"), T0.plusMillis(500));
        List<WatchEvent> taken = t.update("b", holding("eth0", "MASTER"), T0.plusMillis(300));
        WatchEvent over = taken.stream().filter(e -> e.kind() == WatchEvent.Kind.OUTAGE_OVER).findFirst().orElseThrow();
        assertEquals("lasted 200 ms", over.detail());
        assertEquals(T0.plusMillis(300), over.at());
        assertEquals(Duration.ofMillis(200), t.outageTotal(T0.plusMillis(600)));
    }
}
