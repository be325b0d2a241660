package io.hastate.cli.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Apply of a change that restarts keepalived (an upgrade's kind): the holder's peer takes the VIP over
 * first, a pair without preemption moves its VIP once, and a holder applied alone is touched only while
 * its peer is a ready standby. A class of its own beside {@link LabRolloutTest}, so the suite's labs run
 * the two at once.
 */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabRestartRolloutTest {
    @AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    @Test
    void aChangeThatRestartsKeepalivedOnTheHolderIsPrecededByATakeoverAndLosesNothing(@TempDir Path tmp) throws Exception {
        Path inventory = Lab.haPairs(tmp.resolve("a"), 1);
        // The same router_id change, but keepalived restarted instead of reloaded.
        Path states = LabRolloutTest.treeThatRestartsKeepalived(tmp, "-v3");
        long since = Long.parseLong(Lab.ssh("p1a", "date +%s").out().strip());
        LabRolloutTest.Probed run = LabRolloutTest.applyWhileProbing(inventory, states);
        Lab.Result rollout = run.result();
        int[] probes = run.probes();
        assertEquals(0, rollout.exit(), rollout.out());
        List<String> steps = LabRolloutTest.steps(rollout);
        assertEquals(5, steps.size(), steps.toString());
        assertEquals(List.of("VIP held by p1a: p1b first, then p1a", "p1b done; VIP held by p1a"), steps.subList(0, 2));
        assertTrue(steps.get(2).startsWith("keepalived restarts on p1a, which holds the VIP: p1b took it over first, without a failover"), steps.toString());
        assertEquals(List.of("p1b back at its declared priority", "p1a done; VIP held by p1a (moved from p1b)"), steps.subList(3, 5));
        int transitions = LabRolloutTest.pairTransitions(since, null);
        int masters = LabRolloutTest.pairTransitions(since, "MASTER");
        System.out.printf("MEASURED rollout of a change that restarts keepalived: lost=%d of %d, transitions=%d, nodes entering MASTER=%d%n",
                probes[1], probes[0] + probes[1], transitions, masters);
        assertTrue(probes[1] <= 2 * VipProber.PLANNED_MOVE_RACE, "p1b took the VIP over before p1a restarted, and gave it back the same way: lost " + probes[1]);
        assertEquals(2, masters, "with preemption the VIP went to p1b and back to p1a");
        assertTrue(Lab.ssh("p1a", "journalctl -u keepalived --since @" + since + " --no-pager -o cat").out().contains("Starting"),
                "keepalived did restart on p1a, as its service asks (reload: false)");
        assertTrue(Lab.awaitAddress("p1a", Lab.NET + ".100.1/32", 8), "the master holds the VIP again");
        assertFalse(Lab.addresses("p1b").contains(Lab.NET + ".100.1/32"));
    }

    @Test
    void withoutPreemptionAChangeThatRestartsKeepalivedMovesTheVipOnceAndLosesNothing(@TempDir Path tmp) throws Exception {
        Path inventory = Lab.haPairs(tmp.resolve("a"), 1);
        // The running pair switches to nopreempt: a reload on both nodes, the VIP stays on p1a.
        Files.writeString(inventory, Files.readString(inventory)
                .replace("p1a: {priority: 150, state: MASTER}", "p1a: {priority: 150}")
                .replace("protection: ifupdown", "protection: ifupdown\n      preempt: false"));
        Lab.Result switched = hastate("apply", "-i", inventory.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, switched.exit(), switched.out());
        String conf = Lab.ssh("p1a", "cat /etc/keepalived/keepalived.conf").out();
        assertTrue(conf.contains("nopreempt") && conf.contains("state BACKUP"), conf);
        assertTrue(Lab.addresses("p1a").contains(Lab.NET + ".100.1/32"), "switching to nopreempt moved nothing");

        Path states = LabRolloutTest.treeThatRestartsKeepalived(tmp, "-v4");
        Thread.sleep(2000);
        long since = Long.parseLong(Lab.ssh("p1a", "date +%s").out().strip());
        LabRolloutTest.Probed run = LabRolloutTest.applyWhileProbing(inventory, states);
        Lab.Result rollout = run.result();
        int[] probes = run.probes();
        assertEquals(0, rollout.exit(), rollout.out());
        List<String> steps = LabRolloutTest.steps(rollout);
        assertEquals(5, steps.size(), steps.toString());
        assertTrue(steps.get(2).startsWith("keepalived restarts on p1a, which holds the VIP: p1b took it over first, without a failover"), steps.toString());
        assertEquals(List.of("p1b back at its declared priority", "p1a done; VIP held by p1b"), steps.subList(3, 5));
        int masters = LabRolloutTest.pairTransitions(since, "MASTER");
        System.out.printf("MEASURED rollout of a change that restarts keepalived, nopreempt: lost=%d of %d, nodes entering MASTER=%d%n",
                probes[1], probes[0] + probes[1], masters);
        assertEquals(1, masters, "one node took the VIP over, once");
        assertTrue(probes[1] <= VipProber.PLANNED_MOVE_RACE, "p1b took the VIP over before p1a restarted: lost " + probes[1]);
        assertTrue(Lab.addresses("p1b").contains(Lab.NET + ".100.1/32"));
        assertFalse(Lab.addresses("p1a").contains(Lab.NET + ".100.1/32"), "p1a does not take the VIP back");
    }

    @Test
    void limitedToTheHolderItIsChangedOnlyWhileItsPeerIsAReadyStandby(@TempDir Path tmp) throws Exception {
        Path inventory = Lab.haPairs(tmp.resolve("a"), 1);
        Path states = Lab.haTreeBesideInit(tmp.resolve("states/ha"));
        Files.writeString(states.resolve("init.yaml"), Files.readString(Lab.states().resolve("ha/init.yaml"))
                .replace("router_id: \"{{host.name}}\"", "router_id: \"{{host.name}}-v5\""));
        Lab.ssh("p1b", "systemctl stop keepalived");
        Lab.Result refused = hastate("apply", "-i", inventory.toString(), "--states", tmp.resolve("states").toString(), "-l", "p1a",
                "--format", "json", "ha");
        assertEquals(1, refused.exit(), refused.out());
        assertEquals(List.of("VIP held by p1a: only p1a is in this run; p1b is read, not changed",
                "p1b is no standby (keepalived is not running): p1a, which holds the VIP, left as it was"), LabRolloutTest.steps(refused));
        assertFalse(Lab.ssh("p1a", "cat /etc/keepalived/keepalived.conf").out().contains("p1a-v5"), "the holder was not touched");

        long restarted = Long.parseLong(Lab.ssh("p1b", "date +%s").out().strip());
        Lab.ssh("p1b", "systemctl start keepalived");
        assertTrue(Lab.awaitVrrpState("p1b", restarted, "BACKUP", 15), "p1b's keepalived is a standby again");
        VipProber prober = VipProber.open(Lab.NET + ".100.1");
        Lab.Result applied = hastate("apply", "-i", inventory.toString(), "--states", tmp.resolve("states").toString(), "-l", "p1a",
                "--format", "json", "ha");
        int[] probes = prober.stopAfter(LabRolloutTest.SETTLE_SECONDS);
        assertEquals(0, applied.exit(), applied.out());
        assertEquals(List.of("VIP held by p1a: only p1a is in this run; p1b is read, not changed", "p1a done; VIP held by p1a"), LabRolloutTest.steps(applied));
        assertTrue(Lab.ssh("p1a", "cat /etc/keepalived/keepalived.conf").out().contains("p1a-v5"));
        assertFalse(Lab.ssh("p1b", "cat /etc/keepalived/keepalived.conf").out().contains("-v5"), "the peer was read, never changed");
        System.out.printf("MEASURED apply limited to the holder: lost=%d of %d%n", probes[1], probes[0] + probes[1]);
        assertEquals(0, probes[1]);
    }
}
