package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.hastate.cli.lab.Lab.hastate;
import static io.hastate.cli.lab.Lab.ssh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HA tree (states/ha) on real pairs, one per protection: from blank hosts to a working VIP,
 * drift found and repaired, and the VIP watched by a client while systemd-networkd does what takes
 * VIPs down in production. Measurements are printed for the record.
 */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabHaTest {
    /** Later test classes expect the lab as run-tests starts it: blank hosts, one pair, two light hosts. */
    @org.junit.jupiter.api.AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] PROTECTIONS = {"keep-configuration", "vmac", "ifupdown", "none"};
    static Path inventory;
    static Path states;

    @BeforeAll
    static void blankPairs() throws Exception {
        Lab.restart(PROTECTIONS.length, 2);
        Path dir = Files.createTempDirectory("hastate-ha");
        inventory = Lab.inventoryWithProtections(dir, PROTECTIONS);
        states = Lab.states();
    }

    static Lab.Result run(String mode) {
        return run(mode, "full");
    }

    static Lab.Result run(String mode, String limit) {
        return hastate(mode, "-i", inventory.toString(), "--states", states.toString(), "-l", limit, "--format", "json", "ha");
    }

    static String vip(int pair) {
        return Lab.NET + ".100." + pair;
    }

    static JsonNode host(Lab.Result r, String name) throws Exception {
        for (JsonNode h : JSON.readTree(r.out()).get("hosts")) if (h.get("name").asText().equals(name)) return h;
        throw new AssertionError("no host " + name);
    }

    static JsonNode state(JsonNode host, String id) {
        for (JsonNode s : host.get("states")) if (s.get("id").asText().equals(id)) return s;
        throw new AssertionError("no state " + id);
    }

    /** Which nodes of a pair hold its VIP, by the nodes' own kernels. */
    static List<String> holders(int pair) throws Exception {
        List<String> out = new ArrayList<>();
        for (String side : List.of("a", "b")) {
            if (Lab.addresses("p" + pair + side).contains(" " + vip(pair) + "/32")) out.add("p" + pair + side);
        }
        return out;
    }

    static void waitForMaster(int pair, String node) throws Exception {
        for (int i = 0; i < 100 && !holders(pair).equals(List.of(node)); i++) Thread.sleep(100);
        assertEquals(List.of(node), holders(pair), "pair" + pair + " VIP holder");
    }

    @Test
    @Order(1)
    void oneApplyFromBlankBringsEveryPairUpAndASecondChangesNothing() throws Exception {
        long start = System.nanoTime();
        Lab.Result apply = run("apply");
        long applyMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        for (int p = 1; p <= PROTECTIONS.length; p++) waitForMaster(p, "p" + p + "a");
        // A new pair starts with its higher-priority node, which keeps the VIP as the other joins.
        for (int p = 1; p <= PROTECTIONS.length; p++) {
            List<String> steps = new ArrayList<>();
            for (JsonNode step : JSON.readTree(apply.out()).get("rollout")) {
                if (step.get("pair").asText().equals("pair" + p)) steps.add(step.get("message").asText());
            }
            String a = "p" + p + "a", b = "p" + p + "b";
            assertEquals("VIP held by nobody: " + a + " first, then " + b, steps.get(0));
            assertEquals(b + " done; VIP held by " + a, steps.get(steps.size() - 1));
            assertTrue(steps.stream().noneMatch(m -> m.contains("moved from")), "no VIP move on a first rollout: " + steps);
        }

        // vmac: the VIP is on keepalived's VMAC, which networkd leaves alone.
        String vmac = Lab.addresses("p2a");
        assertTrue(vmac.lines().anyMatch(l -> l.startsWith("vrrp.52") && l.contains(vip(2) + "/32")), vmac);
        assertTrue(ssh("p2a", "networkctl list --no-legend").out().lines().anyMatch(l -> l.contains("vrrp.52") && l.contains("unmanaged")));
        // keep-configuration: networkd keeps foreign addresses on eth0.
        assertTrue(ssh("p1a", "cat /etc/systemd/network/10-eth0.network.d/*.conf").out().contains("KeepConfiguration=yes"));
        // ifupdown: networkd is off and would leave eth0 alone; ifupdown has the stanza.
        assertEquals("inactive\n", ssh("p3a", "systemctl is-active systemd-networkd").out());
        assertTrue(ssh("p3a", "cat /etc/network/interfaces.d/hastate-eth0").out().contains("address " + Lab.NET + ".1.5/16"));
        for (String h : List.of("p1a", "p2b", "p3a", "p4b")) {
            assertEquals("active\n", ssh(h, "systemctl is-active keepalived").out());
            assertEquals("2\n", ssh(h, "sysctl -n net.ipv4.conf.eth0.arp_announce").out());
            assertEquals("1\n", ssh(h, "sysctl -n net.ipv4.ip_nonlocal_bind").out());
            assertTrue(ssh(h, "cat /etc/sysctl.d/90-hastate.conf").out().contains("net.ipv4.conf.eth0.promote_secondaries = 1"));
        }

        start = System.nanoTime();
        Lab.Result again = run("apply");
        long againMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, again.exit());
        for (JsonNode h : JSON.readTree(again.out()).get("hosts")) {
            assertEquals(0, h.get("counts").get("changed").asInt(), "second apply on " + h.get("name"));
        }
        start = System.nanoTime();
        Lab.Result check = run("check");
        long checkMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, check.exit(), check.out());
        System.out.printf("MEASURED apply from blank (8 hosts, 4 pairs): %d ms; idempotent apply: %d ms; check: %d ms%n",
                applyMs, againMs, checkMs);
    }

    @Test
    @Order(2)
    void driftMadeByHandIsReportedExactlyAndRepaired() throws Exception {
        ssh("p2b", "sysctl -qw net.ipv4.conf.eth0.arp_announce=0; sed -i 's/priority 100/priority 120/' /etc/keepalived/keepalived.conf; "
                + "rm /etc/systemd/network/10-eth0.network.d/50-hastate-keep-configuration.conf; "
                + "rm /etc/systemd/network/00-hastate-unmanaged-vrrp__.network; systemctl stop keepalived");
        ssh("p1b", "sysctl -qw net.ipv4.conf.eth0.rp_filter=1");
        assertFalse(Lab.addresses("p2b").contains("vrrp.52"), "keepalived removes its VMAC when it stops");
        Lab.Result check = run("check");
        assertEquals(2, check.exit());
        JsonNode b = host(check, "p2b");
        Map<String, String> drift = new LinkedHashMap<>();
        for (JsonNode s : b.get("states")) {
            if (!s.get("status").asText().equals("would_change")) continue;
            for (JsonNode c : s.get("changes")) drift.put(s.get("id").asText() + " " + c.get("key").asText(), c.get("before").asText() + " -> " + c.get("after").asText());
        }
        assertEquals("0 -> 2", drift.get("arp-announce[eth0] live"));
        assertEquals("120 -> 100", drift.get("keepalived-config instance pair2 priority"));
        assertEquals("null -> yes", drift.get("keep-vips-on-interface[eth0] KeepConfiguration for /etc/systemd/network/10-eth0.network"));
        assertEquals("null -> Unmanaged=yes", drift.get("vmac-unmanaged /etc/systemd/network/00-hastate-unmanaged-vrrp__.network"));
        assertEquals("inactive -> active", drift.get("keepalived running"));
        assertTrue(drift.get("keep-vips-on-interface[eth0] activation").contains("systemctl restart systemd-networkd"), drift.toString());
        // The five hand-made changes, the config's text diff, and how each networkd file is taken in.
        assertEquals(5 + 1 + 2, drift.size(), "exactly the hand-made drift: " + drift);
        JsonNode rp = state(host(check, "p1b"), "rp-filter[eth0]").get("changes").get(0);
        assertEquals("live 1 -> 2", rp.get("key").asText() + " " + rp.get("before").asText() + " -> " + rp.get("after").asText());
        assertEquals(1, host(check, "p1b").get("counts").get("would_change").asInt());
        for (String h : List.of("p1a", "p2a", "p3a", "p3b", "p4a", "p4b")) {
            assertEquals(0, host(check, h).get("counts").get("would_change").asInt(), "no drift reported on " + h);
        }

        Lab.Result apply = run("apply", "pair1,pair2");
        assertEquals(0, apply.exit(), apply.out());
        assertEquals("2\n", ssh("p2b", "sysctl -n net.ipv4.conf.eth0.arp_announce").out());
        assertEquals("2\n", ssh("p1b", "sysctl -n net.ipv4.conf.eth0.rp_filter").out());
        assertTrue(ssh("p2b", "grep priority /etc/keepalived/keepalived.conf").out().contains("priority 100"));
        for (int i = 0; i < 50 && !Lab.addresses("p2b").contains("vrrp.52"); i++) Thread.sleep(100);
        assertTrue(Lab.addresses("p2b").contains("vrrp.52"), "keepalived is back with its VMAC");
        waitForMaster(2, "p2a");
        assertEquals(0, run("check").exit());
    }

    record Fault(String name, String command) {}

    static final List<Fault> FAULTS = List.of(
            new Fault("networkctl reconfigure eth0", "networkctl reconfigure eth0"),
            new Fault("networkctl reload after a .network change", "echo '# changed by the test' >> /etc/systemd/network/10-eth0.network; networkctl reload"),
            new Fault("systemctl restart systemd-networkd", "systemctl restart systemd-networkd"));

    /**
     * Lost probes and keepalived state transitions on both nodes while the master suffers {@code fault};
     * a lone lost probe without a state change is measured once more ({@link Survival#measureConfirmed}).
     */
    static int[] outage(int pair, Fault fault) throws Exception {
        int[] first = measuredOutage(pair, fault);
        if (!Survival.loneLoss(first[0], first[1])) return first;
        int[] again = measuredOutage(pair, fault);
        System.out.printf("MEASURED-AGAIN %s %s: first lost=%d, again lost=%d transitions=%d%n",
                PROTECTIONS[pair - 1], fault.name(), first[0], again[0], again[1]);
        return again;
    }

    private static int[] measuredOutage(int pair, Fault fault) throws Exception {
        waitForMaster(pair, "p" + pair + "a");
        long since = Long.parseLong(ssh("p" + pair + "a", "date +%s").out().strip());
        VipProber prober = VipProber.start(vip(pair), 7);
        ssh("p" + pair + "a", fault.command() + " 2>/dev/null; true");
        int[] probes = prober.finish();
        int transitions = 0;
        for (String side : List.of("a", "b")) {
            transitions += Lab.vrrpTransitions("p" + pair + side, since, null);
        }
        System.out.printf("MEASURED %-18s %-42s answered=%d lost=%d (outage ~%d ms) transitions=%d%n",
                PROTECTIONS[pair - 1], fault.name(), probes[0], probes[1], probes[1] * 100, transitions);
        return new int[] {probes[1], transitions};
    }

    @Test
    @Order(3)
    void theVipSurvivesNetworkdOnAProtectedPairAndNotOnAnUnprotectedOne() throws Exception {
        Map<String, int[]> results = new LinkedHashMap<>();
        for (int pair = 1; pair <= PROTECTIONS.length; pair++) {
            for (Fault f : FAULTS) results.put(PROTECTIONS[pair - 1] + " / " + f.name(), outage(pair, f));
        }
        for (Fault f : FAULTS) {
            int[] r = results.get("ifupdown / " + f.name());
            assertEquals(0, r[0], "ifupdown pair: no probe lost during " + f.name() + " (lost " + r[0] + ", transitions " + r[1] + ")");
            assertEquals(0, r[1], "ifupdown pair: no VRRP transition during " + f.name() + " (lost " + r[0] + ", transitions " + r[1] + ")");
        }
        // The default protection with the advert source pinned: nothing lost, no transition, under every fault.
        for (Fault f : FAULTS) {
            int[] r = results.get("keep-configuration / " + f.name());
            assertEquals(0, r[0], "keep-configuration: no probe lost during " + f.name() + " (lost " + r[0] + ", transitions " + r[1] + ")");
            assertEquals(0, r[1], "keep-configuration: no VRRP transition during " + f.name() + " (lost " + r[0] + ", transitions " + r[1] + ")");
        }
        for (String p : List.of("vmac")) {
            int[] r = results.get(p + " / systemctl restart systemd-networkd");
            assertEquals(0, r[0] + r[1], p + " keeps the VIP through a networkd restart");
        }
        int[] unprotected = results.get("none / networkctl reconfigure eth0");
        assertTrue(unprotected[0] > 0 && unprotected[1] > 0, "the unprotected pair loses its VIP: the test can fail");
    }

    @Test
    @Order(4)
    void applyingTheProtectionOnTheMasterCausesNoOutage() throws Exception {
        waitForMaster(1, "p1a");
        ssh("p1a", "rm /etc/systemd/network/10-eth0.network.d/50-hastate-keep-configuration.conf");
        long since = Long.parseLong(ssh("p1a", "date +%s").out().strip());
        VipProber prober = VipProber.start(vip(1), 6);
        Lab.Result apply = run("apply", "p1a");
        int[] probes = prober.finish();
        assertEquals(0, apply.exit(), apply.out());
        assertTrue(state(host(apply, "p1a"), "keep-vips-on-interface[eth0]").get("changes").toString().contains("systemctl restart systemd-networkd"));
        int transitions = Lab.vrrpTransitions("p1a", since, null);
        System.out.printf("MEASURED re-applying KeepConfiguration on the master: lost=%d transitions=%d%n", probes[1], transitions);
        assertEquals(0, probes[1], "no probe lost while hastate re-protected the master");
        assertEquals(0, transitions);
    }

    @Test
    @Order(5)
    void stoppingKeepalivedOnTheMasterMovesTheVipWithinThreeAdvertsAndOneSecond() throws Exception {
        for (int pair = 1; pair <= 3; pair++) {
            waitForMaster(pair, "p" + pair + "a");
            long start = System.nanoTime();
            ssh("p" + pair + "a", "systemctl stop keepalived");
            while (!holders(pair).equals(List.of("p" + pair + "b")) && System.nanoTime() - start < 10_000_000_000L) Thread.sleep(20);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("MEASURED failover %-18s %d ms%n", PROTECTIONS[pair - 1], ms);
            assertEquals(List.of("p" + pair + "b"), holders(pair));
            assertTrue(ms <= 3 * 1000 + 1000, "failover took " + ms + " ms");
            ssh("p" + pair + "a", "systemctl start keepalived");
        }
    }
}
