package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Apply rolls a pair out node by node: the node without the VIP first, verified, and stopped by a split brain. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabRolloutTest {
    @AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    static List<String> steps(Lab.Result r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode s : new ObjectMapper().readTree(r.out()).get("rollout")) out.add(s.get("message").asText());
        return out;
    }

    /** The HA tree with a new router_id whose keepalived restarts instead of reloading, as an upgrade would. */
    static Path treeThatRestartsKeepalived(Path tmp, String routerIdSuffix) throws Exception {
        Path changed = Lab.haTreeBesideInit(tmp.resolve("states/ha"));
        Files.writeString(changed.resolve("init.yaml"), Files.readString(Lab.states().resolve("ha/init.yaml"))
                .replace("router_id: \"{{host.name}}\"", "router_id: \"{{host.name}}" + routerIdSuffix + "\"")
                .replace("reload: true", "reload: false"));
        return tmp.resolve("states");
    }

    /** An apply of the pair's nodes while a client probes pair1's VIP; the probes are {answered, lost}. */
    record Probed(Lab.Result result, int[] probes) {}

    static final int SETTLE_SECONDS = 4;

    static Probed applyWhileProbing(Path inventory, Path states) throws Exception {
        VipProber prober = VipProber.open(Lab.NET + ".100.1");
        Lab.Result rollout = hastate("apply", "-i", inventory.toString(), "--states", states.toString(), "-l", "full", "--format", "json", "ha");
        // Probed on past the rollout's end: a flap after it (three adverts and a skew) is seen too.
        return new Probed(rollout, prober.stopAfter(SETTLE_SECONDS));
    }

    /** VRRP state changes on both nodes of pair1 since {@code since}, of one state or (null) all. */
    static int pairTransitions(long since, String state) throws Exception {
        return Lab.vrrpTransitions("p1a", since, state) + Lab.vrrpTransitions("p1b", since, state);
    }

    @Test
    void aReloadOnlyChangeRollsOutWithoutOutageAndASplitBrainStopsTheRollout(@TempDir Path tmp) throws Exception {
        Path inventory = Lab.haPairs(tmp.resolve("a"), 3);
        Path states = Lab.states();

        // A new router_id: a reload-only change that adverts do not carry, rolled out over three pairs,
        // two at a time, backup first, while a client watches each VIP. (A changed VIP set is not one:
        // keepalived drops adverts whose address list differs from its own, so the updated backup takes
        // over too.)
        Path changed = Lab.haTreeBesideInit(tmp.resolve("states/ha"));
        Files.writeString(changed.resolve("init.yaml"), Files.readString(states.resolve("ha/init.yaml"))
                .replace("router_id: \"{{host.name}}\"", "router_id: \"{{host.name}}-v2\""));
        List<VipProber> probers = new ArrayList<>();
        for (int p = 1; p <= 3; p++) probers.add(VipProber.open(Lab.NET + ".100." + p));
        long start = System.nanoTime();
        Lab.Result rollout = hastate("apply", "-i", inventory.toString(), "--states", tmp.resolve("states").toString(), "-l", "full",
                "--serial", "2", "--format", "json", "ha");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, rollout.exit(), rollout.out());
        List<String> steps = steps(rollout);
        for (int p = 1; p <= 3; p++) {
            String a = "p" + p + "a", b = "p" + p + "b";
            assertTrue(steps.contains("VIP held by " + a + ": " + b + " first, then " + a), steps.toString());
            int backupDone = steps.indexOf(b + " done; VIP held by " + a);
            int masterDone = steps.indexOf(a + " done; VIP held by " + a);
            assertTrue(backupDone >= 0 && masterDone > backupDone, steps.toString());
            assertTrue(Lab.ssh(b, "grep router_id /etc/keepalived/keepalived.conf").out().contains(b + "-v2"));
        }
        assertTrue(steps.indexOf("p3a done; VIP held by p3a") > Math.min(steps.indexOf("p1a done; VIP held by p1a"),
                steps.indexOf("p2a done; VIP held by p2a")), "--serial 2: the third pair waits for a free slot " + steps);
        for (int p = 1; p <= 3; p++) {
            int[] probes = probers.get(p - 1).stopAfter(p == 1 ? SETTLE_SECONDS : 0);
            System.out.printf("MEASURED rollout of a reload-only change over 3 pairs, --serial 2: %d ms; pair%d lost=%d of %d%n",
                    millis, p, probes[1], probes[0] + probes[1]);
            assertEquals(0, probes[1], "no probe lost on pair" + p + " during the rollout");
        }

        // A new VRRP password on the backup alone splits the pair: the rollout stops before the master.
        Files.writeString(inventory, Files.readString(inventory).replaceAll("auth_pass: \\w+", "auth_pass: newpass1"));
        Lab.Result broken = hastate("apply", "-i", inventory.toString(), "--states", tmp.resolve("states").toString(), "-l", "pair1",
                "--format", "json", "ha");
        assertEquals(1, broken.exit(), broken.out());
        List<String> stopped = steps(broken);
        assertTrue(stopped.get(1).startsWith("CIRCUIT BREAKER after p1b: VIP held by p1a and p1b"), stopped.toString());
        assertFalse(Lab.ssh("p1a", "cat /etc/keepalived/keepalived.conf").out().contains("newpass1"), "the master was not touched");
    }

    /** The HA tree's one instance written out, tracking interface hst0 besides. */
    private static final String TRACKING_HST0 = """
                instances:
                  - name: "{{pair.name}}"
                    interface: "{{pair.interface}}"
                    virtual_router_id: "{{pair.virtual_router_id}}"
                    priority: "{{pair.priority}}"
                    state: "{{pair.state}}"
                    advert_int: "{{pair.advert_int}}"
                    auth_pass: "{{pair.auth_pass}}"
                    vips: "{{pair.vip_cidrs}}"
                    vip_dev: "{{pair.vip_device}}"
                    mcast_src_ip: "{{pair.mcast_src_ip}}"
                    unicast_src_ip: "{{pair.unicast_src_ip}}"
                    unicast_peer: "{{pair.unicast_peers}}"
                    nopreempt: "{{pair.nopreempt}}"
                    track_interface: [hst0]
            """;

    @Test
    void aNodeThatComesOutOfItsStepInFaultFailsThePair(@TempDir Path tmp) throws Exception {
        Path inventory = Lab.haPairs(tmp.resolve("a"), 1);
        // keepalived goes to FAULT while an interface it tracks is down: down on p1b, up on p1a.
        for (String h : List.of("p1a", "p1b")) Lab.ssh(h, "ip link add hst0 type veth peer name hst1");
        Lab.ssh("p1a", "ip link set hst1 up && ip link set hst0 up");
        Path changed = Lab.haTreeBesideInit(tmp.resolve("states/ha"));
        String tree = Files.readString(Lab.states().resolve("ha/init.yaml"));
        String tracking = tree.replace("    instances: \"{{pair.instances}}\"\n", TRACKING_HST0);
        assertNotEquals(tree, tracking, "the HA tree's instances line was found and replaced");
        Files.writeString(changed.resolve("init.yaml"), tracking);
        Lab.Result rollout = hastate("apply", "-i", inventory.toString(), "--states", tmp.resolve("states").toString(), "-l", "full",
                "--format", "json", "ha");
        assertEquals(1, rollout.exit(), rollout.out());
        assertEquals(List.of("VIP held by p1a: p1b first, then p1a", "p1b done; VIP held by p1a",
                "p1b is no standby (keepalived is in FAULT): p1a, which holds the VIP, left as it was"), steps(rollout));
        assertTrue(Lab.ssh("p1b", "journalctl -u keepalived --no-pager -o cat | tail -n 20").out().contains("entering FAULT state"),
                "p1b's own journal says FAULT");
        assertFalse(Lab.ssh("p1a", "cat /etc/keepalived/keepalived.conf").out().contains("hst0"), "p1a was not touched");
        assertTrue(Lab.addresses("p1a").contains(Lab.NET + ".100.1/32"));

        // Now the other way round: p1b's interface is back, p1a's goes down. The same apply reaches p1a,
        // which faults; a preempting pair whose higher-priority node ends up without the VIP fails.
        Lab.ssh("p1b", "ip link set hst1 up && ip link set hst0 up");
        Lab.ssh("p1a", "ip link set hst0 down");
        Lab.Result degraded = hastate("apply", "-i", inventory.toString(), "--states", tmp.resolve("states").toString(), "-l", "full",
                "--format", "json", "ha");
        assertEquals(1, degraded.exit(), degraded.out());
        assertEquals(List.of("VIP held by p1a: p1b first, then p1a", "p1b done; VIP held by p1a", "p1a done; VIP held by p1b (moved from p1a)",
                "VIP held by p1b, but p1a has the higher priority and preempts: keepalived on p1a is not master (see its journal)"),
                steps(degraded));
        assertTrue(Lab.addresses("p1b").contains(Lab.NET + ".100.1/32"), "p1b serves meanwhile");
    }

    @Test
    void aUnicastPairPointsEachNodeAtTheOtherAndFailsOver(@TempDir Path tmp) throws Exception {
        // From blank: switching a running pair to unicast is no more roll-safe than a new password.
        Lab.restart(1, 2);
        Path blank = Lab.inventoryWithProtections(tmp, "ifupdown");
        Path inventory = Files.writeString(tmp.resolve("unicast.yaml"), Files.readString(blank)
                .replace("protection: ifupdown", "protection: ifupdown\n      unicast: true"));
        Lab.Result r = hastate("apply", "-i", inventory.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, r.exit(), r.out());
        String a = Lab.address("p1a"), b = Lab.address("p1b");
        String confA = Lab.ssh("p1a", "cat /etc/keepalived/keepalived.conf").out();
        assertTrue(confA.contains("unicast_src_ip " + a) && confA.contains(b), confA);
        assertTrue(Lab.ssh("p1b", "cat /etc/keepalived/keepalived.conf").out().contains(a));
        assertTrue(Lab.awaitAddress("p1a", Lab.NET + ".100.1/32", 8), "the master keeps the VIP over unicast");
        assertFalse(Lab.addresses("p1b").contains(Lab.NET + ".100.1/32"), "the backup hears the master's unicast adverts");

        Lab.ssh("p1a", "systemctl stop keepalived");
        assertTrue(Lab.awaitAddress("p1b", Lab.NET + ".100.1/32", 5), "the backup takes over when the adverts stop");
    }

    @Test
    void aPairManagedWithoutTheKeepalivedModuleStillRollsOutNodeByNode(@TempDir Path tmp) throws Exception {
        Path inventory = Lab.haPairs(tmp.resolve("a"), 1);
        // Plain files and a command, as a user managing keepalived by hand would write them.
        Path states = Files.createDirectories(tmp.resolve("states"));
        Files.writeString(states.resolve("plain.yaml"), """
                note:
                  file.managed: {name: /etc/keepalived/hastate-plain-note, content: "rev 2\\n"}
                reload:
                  cmd.run:
                    name: systemctl reload keepalived
                    onchanges: [note]
                """);
        VipProber prober = VipProber.open(Lab.NET + ".100.1");
        Lab.Result rollout = hastate("apply", "-i", inventory.toString(), "--states", states.toString(), "-l", "full", "--format", "json", "plain");
        int[] probes = prober.stopAfter(SETTLE_SECONDS);
        assertEquals(0, rollout.exit(), rollout.out());
        assertEquals(List.of("VIP held by p1a: p1b first, then p1a", "p1b done; VIP held by p1a", "p1a done; VIP held by p1a"), steps(rollout));
        System.out.printf("MEASURED rollout of a pair managed with file.managed and cmd.run: lost=%d of %d%n", probes[1], probes[0] + probes[1]);
        assertEquals(0, probes[1]);
    }
}
