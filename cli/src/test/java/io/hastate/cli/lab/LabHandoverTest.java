package io.hastate.cli.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Planned moves of a VIP on real pairs of Debian 11, 12 and 13 (keepalived 2.1.5, 2.2.7, 2.3.3), a client
 * asking each VIP every 100 ms: handover, drain and undrain lose nothing on preempting pairs, multicast
 * and unicast. Pairs without preemption: {@link LabTakeoverTest} (a class of its own, so that the suite's
 * labs can run the two at once).
 */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabHandoverTest {
    static final List<String> KINDS = List.of("bullseye", "bookworm", "trixie");
    static final List<String> DEBIAN = List.of("Debian 11", "Debian 12", "Debian 13");
    static Path dir;
    static final List<String> table = new ArrayList<>();

    @BeforeAll
    static void lab() throws Exception {
        Lab.requireRunning();
        dir = Files.createTempDirectory("hastate-handover");
    }

    @AfterAll
    static void blankLabAgain() throws Exception {
        table.forEach(System.out::println);
        Lab.restart(1, 2);
    }

    /**
     * Blank pairs of the three generations, the lab's inventory switched as asked and applied with the HA
     * tree. Blank each time: a pair switched between multicast and unicast in place is split for a moment.
     */
    static Path applied(String name, boolean unicast, boolean preempt) throws Exception {
        Lab.restart(KINDS, 0);
        StringBuilder out = new StringBuilder();
        for (String line : Files.readString(Lab.INVENTORY).split("\n", -1)) {
            if (!preempt && line.strip().matches("p\\da: \\{priority: 150, state: MASTER\\}")) line = line.replace(", state: MASTER", "");
            out.append(line).append('\n');
            if (line.strip().startsWith("interface: ")) {
                String indent = line.substring(0, line.indexOf("interface: "));
                if (unicast) out.append(indent).append("unicast: true\n");
                if (!preempt) out.append(indent).append("preempt: false\n");
            }
        }
        Path inventory = Files.writeString(dir.resolve(name + ".yaml"), out.toString());
        Lab.Result r = hastate("apply", "-i", inventory.toString(), "--states", Lab.states().toString(), "-l", "full", "-q", "ha");
        assertEquals(0, r.exit(), r.out() + r.err());
        return inventory;
    }

    /** One move on pair {@code p}, probed; asserts where the VIP ends up; returns {lost, transitions, ms}. */
    static long[] probed(int p, String expectHolder, String... args) throws Exception {
        long since = Long.parseLong(Lab.ssh("p" + p + "a", "date +%s").out().strip());
        VipProber prober = VipProber.open(Survival.vip(p));
        long start = System.nanoTime();
        Lab.Result r = hastate(args);
        long ms = (System.nanoTime() - start) / 1_000_000;
        Survival.waitForHolder(p, expectHolder);
        // Four seconds past the move: a flap after it (three adverts and a skew) is seen too.
        int[] probes = prober.stopAfter(4);
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
        int transitions = Lab.vrrpTransitions("p" + p + "a", since, null) + Lab.vrrpTransitions("p" + p + "b", since, null);
        assertTrue(probes[0] > 50, "the prober ran: " + probes[0]);
        return new long[] {probes[1], transitions, ms};
    }

    static void row(int p, String mode, String what, long[] m) {
        row(table, p, mode, what, m);
    }

    static void row(List<String> table, int p, String mode, String what, long[] m) {
        table.add(String.format("MEASURED handover | %s | %s | %s | %d lost | %d transitions | %d ms", DEBIAN.get(p - 1), mode, what, m[0], m[1], m[2]));
    }

    @Test
    @Order(1)
    void preemptingMulticastPairsMoveBothWaysWithoutLossAndStayDrainedThroughCheckAndApply() throws Exception {
        movesBothWays(false);
    }

    @Test
    @Order(2)
    void preemptingUnicastPairsMoveBothWaysWithoutLoss() throws Exception {
        movesBothWays(true);
    }

    static void movesBothWays(boolean unicast) throws Exception {
        {
            String mode = unicast ? "unicast, preempt" : "multicast, preempt";
            Path inv = applied(unicast ? "unicast" : "multicast", unicast, true);
            String i = inv.toString(), states = Lab.states().toString();
            for (int p = 1; p <= KINDS.size(); p++) {
                String a = "p" + p + "a", b = "p" + p + "b";
                Survival.waitForHolder(p, a);
                long[] away = probed(p, b, "handover", "pair" + p, "ha", "-i", i, "--states", states);
                row(p, mode, "handover " + a + " -> " + b + " (drains " + a + ")", away);
                assertTrue(away[0] <= VipProber.PLANNED_MOVE_RACE, "pair" + p + " " + mode + ": the handover lost nothing but the race: " + away[0]);

                Lab.Result check = hastate("check", "-i", i, "--states", states, "-l", a + "," + b, "ha");
                assertEquals(0, check.exit(), "a drained node is no drift: " + check.out());
                assertTrue(check.out().contains("pair" + p + "  " + a + " drained"), check.out());
                Lab.Result apply = hastate("apply", "-i", i, "--states", states, "-l", a + "," + b, "-q", "ha");
                assertEquals(0, apply.exit(), "apply keeps it drained: " + apply.out());
                Survival.waitForHolder(p, b);

                long[] back = probed(p, a, "undrain", a, "ha", "-i", i, "--states", states);
                row(p, mode, "undrain " + a + " (VIP back)", back);
                assertTrue(back[0] <= VipProber.PLANNED_MOVE_RACE, "pair" + p + " " + mode + ": the way back lost nothing but the race: " + back[0]);
            }
        }
    }

    /**
     * The restart-type rollout (a router_id change under reload: false) on every generation and mode, one
     * prober per pair. Long (about 12 minutes): run by hand with HASTATE_HANDOVER=full.
     */
    @Test
    @Order(3)
    @EnabledIfEnvironmentVariable(named = "HASTATE_HANDOVER", matches = "full")
    void restartTypeRolloutsLoseNothingOnEveryGenerationAndMode() throws Exception {
        int round = 0;
        for (boolean unicast : new boolean[] {false, true}) {
            for (boolean preempt : new boolean[] {true, false}) {
                String mode = (unicast ? "unicast" : "multicast") + (preempt ? ", preempt" : ", nopreempt");
                Path inv = applied("restart-" + (++round), unicast, preempt);
                Path states = LabRolloutTest.treeThatRestartsKeepalived(Files.createDirectories(dir.resolve("tree" + round)), "-r" + round);
                long since = Long.parseLong(Lab.ssh("p1a", "date +%s").out().strip());
                List<VipProber> probers = new ArrayList<>();
                for (int p = 1; p <= KINDS.size(); p++) probers.add(VipProber.start(Survival.vip(p), 150));
                long start = System.nanoTime();
                Lab.Result r = hastate("apply", "-i", inv.toString(), "--states", states.toString(), "-l", "full", "ha");
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(0, r.exit(), r.out());
                for (int p = 1; p <= KINDS.size(); p++) {
                    int[] probes = probers.get(p - 1).finish();
                    int transitions = Lab.vrrpTransitions("p" + p + "a", since, null) + Lab.vrrpTransitions("p" + p + "b", since, null);
                    row(p, mode, "restart-type rollout of 3 pairs (" + probes[0] + " probes)", new long[] {probes[1], transitions, ms});
                    assertTrue(probes[1] <= VipProber.PLANNED_MOVE_RACE, "pair" + p + " " + mode + ": the restart-type rollout lost nothing but the race: " + probes[1]);
                }
            }
        }
    }
}
