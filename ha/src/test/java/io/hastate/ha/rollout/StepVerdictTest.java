package io.hastate.ha.rollout;

import io.hastate.ha.status.PairView;
import io.hastate.ha.model.Vip;

import io.hastate.core.run.EngineEvent;

import io.hastate.ha.facts.KeepalivedProcess;
import io.hastate.core.model.Location;
import io.hastate.core.model.Names;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.ha.model.Vrrp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a rollout judges one node's step from what the pair showed before and after it. */
class StepVerdictTest {
    static Pair pair(boolean preempt) {
        Vrrp vrrp = new Vrrp("web", 51, "eth0", 1, List.of(Vip.parse("10.0.0.10/24", Location.NONE, "vips")), "keep-configuration",
                null, false, preempt, List.of(), java.util.Map.of(), java.util.Map.of(), List.of(), Location.NONE);
        return new Pair("web", new PairNode("a", 150, preempt ? "MASTER" : "BACKUP", Location.NONE),
                new PairNode("b", 100, "BACKUP", Location.NONE), List.of(vrrp), List.of(), List.of(), List.of(), Map.of(), Location.NONE);
    }

    static PairView view(List<String> holders, long startA, long startB) {
        return PairView.ofOneVip("web", holders, Map.of("a", running(startA), "b", running(startB)));
    }

    /** keepalived running since {@code started}, or not running at all when it is 0. */
    static KeepalivedProcess running(long started) {
        return started == 0 ? new KeepalivedProcess(false, 0, "STOPPED") : new KeepalivedProcess(true, started, "BACKUP");
    }

    /** The instance's two VIPs, in order, with their holders. */
    static Map<String, List<String>> vips(List<String> first, List<String> second) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        m.put("10.0.0.10/24", first);
        m.put("10.0.0.20/32", second);
        return m;
    }

    static List<String> messages(StepVerdict v) {
        return v.steps().stream().map(RolloutStep::message).toList();
    }

    @Test
    void aBackupStepThatLeavesTheVipWhereItWasIsDone() {
        Pair p = pair(true);
        StepVerdict v = StepVerdict.judge(p, p.second(), view(List.of("a"), 10, 20), view(List.of("a"), 10, 21), Set.of("web"), Map.of());
        assertEquals(List.of("b done; VIP held by a"), messages(v));
        assertFalse(v.pairFailed() || v.stopRollout());
    }

    @Test
    void aVipHeldByBothNodesOrByNobodyStopsTheRollout() {
        Pair p = pair(true);
        StepVerdict both = StepVerdict.judge(p, p.second(), view(List.of("a"), 10, 20), view(List.of("a", "b"), 10, 20), Set.of("web"), Map.of());
        assertEquals(List.of("CIRCUIT BREAKER after b: VIP held by a and b; rollout stopped"), messages(both));
        assertTrue(both.stopRollout() && both.pairFailed());
        StepVerdict none = StepVerdict.judge(p, p.first(), view(List.of("a"), 10, 20), view(List.of(), 11, 20), Set.of("web"), Map.of());
        assertEquals(List.of("CIRCUIT BREAKER after a: VIP held by nobody; rollout stopped"), messages(none));
        assertTrue(none.stopRollout());
    }

    @Test
    void aNewPairMayHaveNoMasterAfterItsFirstNode() {
        Pair p = pair(true);
        StepVerdict v = StepVerdict.judge(p, p.second(), view(List.of(), 0, 0), view(List.of(), 0, 5), Set.of(), Map.of());
        assertEquals(List.of("b done; VIP held by nobody yet"), messages(v));
        assertFalse(v.stopRollout() || v.pairFailed());
    }

    @Test
    void withoutPreemptionARestartOfTheHolderMovesTheVipOnce() {
        Pair p = pair(false);
        StepVerdict v = StepVerdict.judge(p, p.first(), view(List.of("a"), 10, 21), view(List.of("b"), 12, 21), Set.of("web"), Map.of());
        assertEquals(List.of("a done; VIP held by b (moved from a: keepalived restarted there, one failover)"), messages(v));
        assertFalse(v.pairFailed());
    }

    @Test
    void withPreemptionARestartOfTheHolderIsReportedAsTwoMoves() {
        Pair p = pair(true);
        StepVerdict v = StepVerdict.judge(p, p.first(), view(List.of("a"), 10, 21), view(List.of("a"), 12, 21), Set.of("web"), Map.of("web", "a"));
        assertEquals(2, v.steps().size(), messages(v).toString());
        assertEquals("a done; VIP held by a", messages(v).get(0));
        assertTrue(messages(v).get(1).startsWith("keepalived restarted on a while it held the VIP: it failed over to b and a took it back"));
        assertFalse(v.steps().get(1).problem(), "a notice: the pair is as declared");
        assertFalse(v.pairFailed());
    }

    @Test
    void aReloadIsNoRestart() {
        Pair p = pair(true);
        StepVerdict v = StepVerdict.judge(p, p.first(), view(List.of("a"), 10, 21), view(List.of("a"), 10, 21), Set.of("web"), Map.of("web", "a"));
        assertEquals(List.of("a done; VIP held by a"), messages(v));
    }

    @Test
    void aStartedKeepalivedIsNoRestart() {
        assertFalse(view(List.of(), 5, 0).restarted("a", view(List.of(), 0, 0)), "not running before: started, not restarted");
        assertTrue(view(List.of(), 6, 0).restarted("a", view(List.of(), 5, 0)));
    }

    @Test
    void aPreemptingPairWhoseHigherPriorityNodeDoesNotTakeTheVipBackFails() {
        Pair p = pair(true);
        StepVerdict v = StepVerdict.judge(p, p.first(), view(List.of("a"), 10, 21), view(List.of("b"), 12, 21), Set.of("web"), Map.of("web", "a"));
        assertEquals("a done; VIP held by b (moved from a: keepalived restarted there, one failover)", messages(v).get(0));
        assertTrue(v.steps().get(1).problem());
        assertTrue(messages(v).get(1).contains("a has the higher priority and preempts"), messages(v).toString());
        assertTrue(v.pairFailed());
        assertFalse(v.stopRollout(), "the VIP is held by one node: other pairs may go on");
    }

    @Test
    void aVipMovedWithoutARestartSaysFromWhere() {
        Pair p = pair(true);
        StepVerdict v = StepVerdict.judge(p, p.first(), view(List.of("b"), 10, 21), view(List.of("a"), 10, 21), Set.of("web"), Map.of());
        assertEquals(List.of("a done; VIP held by a (moved from b)"), messages(v));
    }

    @Test
    void aNodeInFaultOrWithoutKeepalivedIsNoStandby() {
        Map<String, KeepalivedProcess> k = Map.of("a", running(10), "b", new KeepalivedProcess(true, 20, "FAULT"));
        assertEquals("keepalived is in FAULT", PairView.ofOneVip("web", List.of("a"), k).whyNoStandby("b"));
        assertEquals("keepalived is not running", PairView.ofOneVip("web", List.of("a"), Map.of("b", running(0))).whyNoStandby("b"));
        assertEquals(null, PairView.ofOneVip("web", List.of("a"), Map.of("b", running(20))).whyNoStandby("b"));
        assertEquals(null, PairView.ofOneVip("web", List.of("a"), Map.of("b", new KeepalivedProcess(true, 20, null))).whyNoStandby("b"),
                "an unreadable state holds nothing back");
        assertEquals(null, PairView.ofOneVip("web", List.of("b"), k).whyNoStandby("b"), "the holder itself is not judged as a standby");
    }

    @Test
    void thePreferredNodeIsTheHigherPriority() {
        assertEquals("a", pair(false).preferred().host());
    }

    @Test
    void anotherInstancesVipHeldByBothOrLostStopsTheRolloutToo() {
        Pair p = pair(true);
        Map<String, KeepalivedProcess> running = Map.of("a", running(10), "b", running(20));
        PairView before = new PairView(Map.of("web", vips(List.of("a"), List.of("b"))), running);
        PairView twice = new PairView(Map.of("web", vips(List.of("a"), List.of("a", "b"))), running);
        StepVerdict both = StepVerdict.judge(p, p.second(), before, twice, Set.of("web"), Map.of());
        assertEquals(List.of("CIRCUIT BREAKER after b: 10.0.0.20/32 held by a and b; rollout stopped"), messages(both));
        assertTrue(both.stopRollout() && both.pairFailed());

        PairView lost = new PairView(Map.of("web", vips(List.of("a"), List.of())), running);
        assertEquals(List.of("CIRCUIT BREAKER after b: 10.0.0.20/32 held by nobody; rollout stopped"),
                messages(StepVerdict.judge(p, p.second(), before, lost, Set.of("web"), Map.of())));
        assertFalse(StepVerdict.judge(p, p.second(), before, lost, Set.of(), Map.of()).pairFailed(), "a new pair need not hold it yet");
    }
}
