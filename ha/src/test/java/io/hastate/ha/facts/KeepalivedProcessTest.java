package io.hastate.ha.facts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The keepalived process fact, read from output captured on a lab host (systemd 252, keepalived 2.2.7). */
class KeepalivedProcessTest {
    static final String BACKUP_AFTER_RESTART = """
            ExecMainStartTimestampMonotonic=2504108243
            ActiveState=active
            (pair1) Entering BACKUP STATE (init)
            (pair1) Entering MASTER STATE
            (pair1) Entering BACKUP STATE
            (pair1) Entering BACKUP STATE (init)
            """;

    @Test
    void theLastStateTheInstanceEnteredCounts() {
        KeepalivedProcess restarted = KeepalivedProcess.parse(BACKUP_AFTER_RESTART);
        assertEquals(2504108243L, restarted.started());
        assertEquals("BACKUP", restarted.vrrpState("pair1"));
        assertEquals("MASTER", KeepalivedProcess.parse("""
                ActiveState=active
                ExecMainStartTimestampMonotonic=5
                (pair1) Entering BACKUP STATE (init)
                (other) Entering FAULT STATE
                (pair1) Entering MASTER STATE
                (other) Entering BACKUP STATE
                """).vrrpState("pair1"), "another instance's lines do not count");
        assertEquals("FAULT", KeepalivedProcess.parse("ActiveState=active\nVRRP_Instance(vi_1) Entering FAULT STATE\n").vrrpState("pair1"),
                "an instance of another name on the host: its state is all there is");
    }

    @Test
    void faultIsLoggedInLowerCase() {
        // Captured after a reload that made a tracked interface count: keepalived writes FAULT its own way.
        String out = """
                ExecMainStartTimestampMonotonic=2490901838
                ActiveState=active
                (pair1) Entering BACKUP STATE (init)
                (pair1) Entering MASTER STATE
                (pair1) Entering BACKUP STATE
                (pair1): entering FAULT state (interface hst0 down)
                (pair1) entering FAULT state
                """;
        assertEquals("FAULT", KeepalivedProcess.parse(out).vrrpState("pair1"));
    }

    @Test
    void aStoppedKeepalivedKeepsItsLastStartStampAndIsStopped() {
        // After 'systemctl stop keepalived' systemd still shows the last start.
        KeepalivedProcess stopped = KeepalivedProcess.parse("ExecMainStartTimestampMonotonic=2490901838\nActiveState=inactive\n"
                + "(pair1) Entering BACKUP STATE\n");
        assertEquals(new KeepalivedProcess(false, 2490901838L, "STOPPED"), stopped);
        assertEquals("STOPPED", stopped.vrrpState("pair1"));
    }

    @Test
    void noJournalMeansAnUnknownState() {
        assertEquals(new KeepalivedProcess(true, 7L, null), KeepalivedProcess.parse("ActiveState=active\nExecMainStartTimestampMonotonic=7\n"));
        assertEquals(new KeepalivedProcess(false, 0L, "STOPPED"), KeepalivedProcess.parse(""), "no systemd answer: not running");
    }

    @Test
    void eachInstanceOfAnActiveActiveHostHasItsOwnState() {
        KeepalivedProcess k = KeepalivedProcess.parse("""
                ActiveState=active
                ExecMainStartTimestampMonotonic=9
                (lb_web) Entering BACKUP STATE (init)
                (lb_api) Entering BACKUP STATE (init)
                (lb_web) Entering MASTER STATE
                (lb_api): entering FAULT state (interface eth1 down)
                """);
        assertEquals("MASTER", k.vrrpState("lb_web"));
        assertEquals("FAULT", k.vrrpState("lb_api"));
        assertEquals("FAULT", k.lastState());
    }
}
