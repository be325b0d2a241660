package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Survival of a pair's VIP through what networkd does, on Debian 11, 12 and 13 and on the incident's
 * kind of host (netplan with DHCP): the HA tree applied from blank hosts, then each fault on a node
 * while a client probes the VIP. The suite runs the default protection on the master; the whole
 * matrix (every protection, master and backup) runs with HASTATE_SURVIVAL=full (lab/survival).
 */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabSurvivalTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> KINDS = List.of("bullseye", "bookworm", "trixie", "bookworm+dhcp");
    static final Map<String, String> DEBIAN = Map.of("bullseye", "Debian 11", "bookworm", "Debian 12", "trixie", "Debian 13");

    @BeforeAll
    static void lab() {
        Lab.requireRunning();
    }

    /** Later test classes expect the lab as run-tests starts it: blank hosts, one pair, two light hosts. */
    @AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    static String label(String kind) {
        String suite = kind.replace("+dhcp", "");
        return DEBIAN.get(suite) + (kind.endsWith("+dhcp") ? " netplan+DHCP" : "");
    }

    /** Applies the HA tree from blank hosts; a second apply changes nothing and a check is clean. */
    static void applyFromBlank(Path inventory) throws Exception {
        applyFromBlank(inventory, true);
    }

    /** {@code strict}: the check afterwards must be clean; else its problems are printed and measuring goes on. */
    static void applyFromBlank(Path inventory, boolean strict) throws Exception {
        Path states = Lab.states();
        long start = System.nanoTime();
        Lab.Result first = hastate("apply", "-i", inventory.toString(), "--states", states.toString(), "-l", "full", "ha");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, first.exit(), first.out());
        Lab.Result again = hastate("apply", "-i", inventory.toString(), "--states", states.toString(), "-l", "full", "--format", "json", "ha");
        assertEquals(0, again.exit(), again.out());
        for (JsonNode h : JSON.readTree(again.out()).get("hosts")) {
            assertEquals(0, h.get("counts").get("changed").asInt(), "second apply changed something on " + h.get("name") + ": " + again.out());
        }
        Lab.Result check = hastate("check", "-i", inventory.toString(), "--states", states.toString(), "-l", "full", "ha");
        if (strict) assertEquals(0, check.exit(), check.out());
        check.out().lines().filter(l -> l.contains("PROBLEM")).forEach(l -> System.out.println("SURVIVAL-NOTE " + l.strip()));
        System.out.printf("MEASURED survival lab: first apply of the HA tree from blank %d ms, second apply and check clean%n", ms);
    }

    static Map<String, Survival.Outcome> dhcpRenewals(int pair, Map<String, Survival.Outcome> into, String row) throws Exception {
        String ip = Lab.address("p" + pair + "a");
        int before = Survival.dhcpAcks(ip);
        // 2-minute leases renew after a minute: two renewals within 130 s.
        Survival.Outcome o = Survival.idle(pair, 130);
        int renewals = Survival.dhcpAcks(ip) - before;
        assertTrue(renewals >= 2, "two DHCP renewals during the probe, saw " + renewals);
        into.put(row + " | 2 DHCP renewals (" + renewals + " acks)", o);
        return into;
    }

    static void print(Map<String, Survival.Outcome> cells) {
        printHeader();
        cells.forEach(LabSurvivalTest::printRow);
    }

    static void printHeader() {
        System.out.println("SURVIVAL | host | protection | node | fault | probes lost | VRRP transitions |");
        System.out.println("SURVIVAL |---|---|---|---|---|---|");
    }

    static void printRow(String cell, Survival.Outcome o) {
        System.out.println("SURVIVAL | " + cell + " | " + o.lost() + " of " + (o.lost() + o.answered()) + " | " + o.transitions() + " |");
    }

    /** The same three generations again, as unicast pairs (each node sends its adverts to the other's address). */
    static final List<String> UNICAST = List.of("bullseye", "bookworm", "trixie");

    /** {@code source} with the pairs after the first {@code multicast} ones switched to unicast, written into {@code dir}. */
    static Path withUnicast(Path source, Path dir, int multicast) throws Exception {
        StringBuilder out = new StringBuilder();
        int pair = 0;
        for (String line : Files.readAllLines(source)) {
            if (line.matches("  pair\\d+:")) pair = Integer.parseInt(line.strip().replace("pair", "").replace(":", ""));
            out.append(line).append('\n');
            if (pair > multicast && line.strip().startsWith("interface: ")) out.append("      unicast: true\n");
        }
        return Files.writeString(Files.createDirectories(dir).resolve("inventory.yaml"), out.toString());
    }

    @Test
    void theDefaultProtectionLosesNothingOnEveryGenerationAndOnANetplanDhcpHost(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        List<String> all = new ArrayList<>(KINDS);
        all.addAll(UNICAST);
        Lab.restart(all, 0);
        Path inventory = withUnicast(Lab.INVENTORY, tmp, KINDS.size());
        applyFromBlank(inventory);
        for (int pair = KINDS.size() + 1; pair <= all.size(); pair++) {
            String conf = Lab.ssh("p" + pair + "a", "cat /etc/keepalived/keepalived.conf").out();
            assertTrue(conf.contains("unicast_src_ip " + Lab.address("p" + pair + "a")) && conf.contains(Lab.address("p" + pair + "b")),
                    "pair" + pair + " runs unicast from its own address to its peer: " + conf);
        }
        backstopRoutesOnTheMastersOnly(all.size());
        Map<String, Survival.Outcome> cells = new LinkedHashMap<>();
        int dhcp = KINDS.indexOf("bookworm+dhcp") + 1;
        String dhcpRow = label("bookworm+dhcp") + " | keep-configuration | master";
        cells.put(dhcpRow + " | " + Survival.NETPLAN_APPLY.name(), Survival.measureConfirmed(dhcp, "p" + dhcp + "a", Survival.NETPLAN_APPLY, 7));
        // The renewals take two minutes of doing nothing to that pair: probed meanwhile, beside the other pairs' faults.
        ExecutorService beside = Executors.newSingleThreadExecutor();
        Future<Map<String, Survival.Outcome>> renewals = beside.submit(() -> dhcpRenewals(dhcp, new LinkedHashMap<>(), dhcpRow));
        beside.shutdown();
        for (int pair = 1; pair <= all.size(); pair++) {
            if (pair == dhcp) continue;
            String kind = all.get(pair - 1);
            String protection = pair > KINDS.size() ? "keep-configuration, unicast" : "keep-configuration";
            for (Survival.Fault f : Survival.STATIC_FAULTS) {
                cells.put(label(kind) + " | " + protection + " | master | " + f.name(), Survival.measureConfirmed(pair, "p" + pair + "a", f, 7));
            }
        }
        cells.putAll(renewals.get(5, TimeUnit.MINUTES));
        print(cells);
        // Not one probe: the master's backstop routes bridge the few milliseconds networkd has the
        // interface's own address (static or leased) removed, when nothing else routes the VIP's answers.
        cells.forEach((k, o) -> assertTrue(o.clean(), k + ": " + o.cell()));
        doctorRulesOnRealVersions(inventory);
    }


    /**
     * Each master holds its backstop route to its interface's network (protocol static, at its VRID's
     * metric); no backup does, since its answers would leave with nothing to answer for.
     */
    static void backstopRoutesOnTheMastersOnly(int pairs) throws Exception {
        for (int pair = 1; pair <= pairs; pair++) {
            Survival.waitForHolder(pair, "p" + pair + "a");
            String network = " dev eth0 scope link metric " + (4294967040L + 50 + pair);
            // Filtered by protocol, ip leaves the protocol out of each line.
            String master = Lab.ssh("p" + pair + "a", "ip -4 route show proto static").out();
            String backup = Lab.ssh("p" + pair + "b", "ip -4 route show proto static").out();
            assertTrue(master.lines().anyMatch(l -> l.matches(Lab.NET.replace(".", "\\.") + "\\.0\\.0/16" + network + "\\s*")), "p" + pair + "a: " + master);
            assertTrue(backup.isBlank(), "p" + pair + "b is a backup: " + backup);
        }
    }

    /** The doctor's version rules on hosts of those versions: networkd 257 (Debian 13) and keepalived 2.1 (Debian 11). */
    static void doctorRulesOnRealVersions(Path inventory) throws Exception {
        List<String> found = Lab.findings(hastate("doctor", "-i", inventory.toString(), "--format", "json"));
        assertTrue(found.containsAll(List.of("HA011 p3a", "HA011 p3b", "HA011 p7a")), "networkd 257 with KeepConfiguration=yes: " + found);
        assertTrue(found.stream().noneMatch(f -> f.startsWith("HA002")), "every generation's source is pinned: " + found);
        assertTrue(found.stream().noneMatch(f -> f.matches("HA011 p[12456][ab]")), "HA011 only on 257: " + found);
        // keepalived 2.1.5 with a VMAC and unicast peers, as a hand-written configuration would have them.
        Lab.ssh("p1b", "sed -i 's/^\\( *\\)interface eth0$/&\\n\\1use_vmac\\n\\1unicast_peer {\\n\\1    " + Lab.NET + ".1.1\\n\\1}/' /etc/keepalived/keepalived.conf");
        List<String> vmacUnicast = Lab.findings(hastate("doctor", "-i", inventory.toString(), "-l", "p1b", "--format", "json"));
        assertTrue(vmacUnicast.contains("HA017 p1b"), "keepalived 2.1 drops use_vmac with unicast: " + vmacUnicast);
        System.out.println("MEASURED doctor on real versions: HA011 on Debian 13 (networkd 257), HA017 on Debian 11 (keepalived 2.1.5), no HA002 with pinned sources");
    }

    static final List<String> PROTECTIONS = List.of("keep-configuration", "vmac", "ifupdown", "none");

    /** Every protection on every kind of host, faults on the master and on the backup: lab/survival prints it. */
    @Test
    @EnabledIfEnvironmentVariable(named = "HASTATE_SURVIVAL", matches = "full")
    void theWholeMatrix(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        List<String> kinds = new ArrayList<>();
        List<String> protections = new ArrayList<>();
        for (String kind : KINDS) {
            for (String p : PROTECTIONS) {
                // ifupdown writes its stanza from a static address: a DHCP host has none to move.
                if (kind.endsWith("+dhcp") && p.equals("ifupdown")) continue;
                kinds.add(kind);
                protections.add(p);
            }
        }
        int multicast = kinds.size();
        for (String kind : UNICAST) {
            kinds.add(kind);
            protections.add("keep-configuration");
        }
        Lab.restart(kinds, 0);
        Path byProtection = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("protections")), protections.toArray(String[]::new));
        Path inventory = withUnicast(byProtection, tmp.resolve("matrix"), multicast);
        applyFromBlank(inventory, false);
        Map<String, Survival.Outcome> cells = new LinkedHashMap<>();
        for (int pair = 1; pair <= kinds.size(); pair++) {
            String kind = kinds.get(pair - 1);
            List<Survival.Fault> faults = kind.endsWith("+dhcp") ? Survival.DHCP_FAULTS : Survival.STATIC_FAULTS;
            String protection = protections.get(pair - 1) + (pair > multicast ? ", unicast" : "");
            for (String node : List.of("a", "b")) {
                for (Survival.Fault f : faults) {
                    cells.put(label(kind) + " | " + protection + " | " + (node.equals("a") ? "master" : "backup") + " | " + f.name(),
                            Survival.measureConfirmed(pair, "p" + pair + node, f, 7));
                }
            }
            // Renewals take two minutes a pair: measured on the default protection only.
            if (kind.endsWith("+dhcp") && protection.equals("keep-configuration")) dhcpRenewals(pair, cells, label(kind) + " | " + protection + " | master");
        }
        print(cells);
    }

    /** NetworkManager hosts: Debian 12 and 13, a static keyfile profile and a DHCP profile netplan renders. */
    static final List<String> NM_KINDS = List.of("bookworm+nm", "trixie+nm", "bookworm+nm+netplan", "trixie+nm+netplan");

    /**
     * NetworkManager's operations on every NetworkManager kind, unprotected and under the default
     * protection (auto: a VMAC with fallback routes), on the master and on the backup; DHCP renewals
     * on the default protection of the netplan (DHCP) kinds: lab/survival nm prints it.
     */
    @Test
    @EnabledIfEnvironmentVariable(named = "HASTATE_SURVIVAL", matches = "full|nm")
    void theNetworkManagerMatrix(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        List<String> kinds = new ArrayList<>();
        List<String> protections = new ArrayList<>();
        String suite = System.getenv("HASTATE_SURVIVAL_SUITE");   // bookworm or trixie: that generation's rows only
        for (String kind : NM_KINDS) {
            if (suite != null && !suite.isBlank() && !kind.startsWith(suite + "+")) continue;
            for (String p : List.of("auto", "none")) {
                kinds.add(kind);
                protections.add(p);
            }
        }
        Lab.restart(kinds, 0);
        Path inventory = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("nm")), protections.toArray(String[]::new));
        applyFromBlank(inventory, false);
        // Each row is printed as it is measured: a run stopped by a later cell keeps what it measured.
        printHeader();
        for (int pair = 1; pair <= kinds.size(); pair++) {
            String kind = kinds.get(pair - 1);
            String row = nmLabel(kind) + " | " + protections.get(pair - 1);
            for (String node : List.of("a", "b")) {
                for (Survival.Fault f : NetworkManagerFaults.of(kind)) {
                    printRow(row + " | " + (node.equals("a") ? "master" : "backup") + " | " + f.name(),
                            Survival.measureConfirmed(pair, "p" + pair + node, f, f == NetworkManagerFaults.NETPLAN_APPLY ? 10 : 7));
                }
            }
            if (kind.endsWith("+netplan") && protections.get(pair - 1).equals("auto")) {
                dhcpRenewals(pair, new LinkedHashMap<>(), row + " | master").forEach(LabSurvivalTest::printRow);
            }
        }
    }

    static String nmLabel(String kind) {
        String suite = kind.substring(0, kind.indexOf('+'));
        return DEBIAN.get(suite) + (kind.endsWith("+netplan") ? " NetworkManager, netplan+DHCP" : " NetworkManager, static");
    }
}
