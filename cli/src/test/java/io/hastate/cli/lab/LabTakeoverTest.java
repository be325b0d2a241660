package io.hastate.cli.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Planned moves on real pairs without preemption, Debian 11, 12 and 13, a client asking each VIP every
 * 100 ms: the peer takes the VIP over (preempting for the move only) without loss, and the VIP stays
 * where it is afterwards.
 */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabTakeoverTest {
    static final List<String> table = new ArrayList<>();

    @BeforeAll
    static void lab() throws Exception {
        Lab.requireRunning();
        if (LabHandoverTest.dir == null) LabHandoverTest.dir = java.nio.file.Files.createTempDirectory("hastate-takeover");
    }

    @AfterAll
    static void blankLabAgain() throws Exception {
        table.forEach(System.out::println);
        Lab.restart(1, 2);
    }

    @Test
    @Order(1)
    void multicastPairsWithoutPreemptionMoveWithoutLossThroughATakeoverAndStayWhereTheyAre() throws Exception {
        takesOver(false);
    }

    @Test
    @Order(2)
    void unicastPairsWithoutPreemptionMoveWithoutLossThroughATakeover() throws Exception {
        takesOver(true);
    }

    static void takesOver(boolean unicast) throws Exception {
        String mode = unicast ? "unicast, nopreempt" : "multicast, nopreempt";
        Path inv = LabHandoverTest.applied(unicast ? "unicast-nopreempt" : "nopreempt", unicast, false);
        String i = inv.toString(), states = Lab.states().toString();
        for (int p = 1; p <= LabHandoverTest.KINDS.size(); p++) {
            String holder = Survival.holders(p).get(0);
            String other = holder.equals("p" + p + "a") ? "p" + p + "b" : "p" + p + "a";
            long[] moved = LabHandoverTest.probed(p, other, "handover", "pair" + p, "ha", "-i", i, "--states", states);
            LabHandoverTest.row(table, p, mode, "handover " + holder + " -> " + other + " (takeover by " + other + ")", moved);
            assertTrue(moved[0] <= VipProber.PLANNED_MOVE_RACE, "pair" + p + " without preemption: the handover lost nothing but the race: " + moved[0]);
            long[] drained = LabHandoverTest.probed(p, holder, "drain", other, "ha", "-i", i, "--states", states);
            LabHandoverTest.row(table, p, mode, "drain " + other + " (VIP back to " + holder + ")", drained);
            assertTrue(drained[0] <= VipProber.PLANNED_MOVE_RACE, "pair" + p + " without preemption: the drain lost nothing but the race: " + drained[0]);
            Lab.Result check = hastate("check", "-i", i, "--states", states, "-l", holder + "," + other, "ha");
            assertEquals(0, check.exit(), "no takeover mark is left behind, and a drained node is no drift: " + check.out());
            Lab.Result undrain = hastate("undrain", other, "ha", "-i", i, "--states", states);
            assertEquals(0, undrain.exit(), undrain.out() + undrain.err());
            assertTrue(undrain.out().contains("the VIP stays on " + holder), "without preemption the VIP stays: " + undrain.out());
        }
    }

}
