package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

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
        assertEquals(0, check.exit(), check.out());
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
        System.out.println("SURVIVAL | host | protection | node | fault | probes lost | VRRP transitions |");
        cells.forEach((k, o) -> System.out.println("SURVIVAL | " + k + " | " + o.lost() + " of " + (o.lost() + o.answered()) + " | " + o.transitions() + " |"));
    }

    @Test
    void theDefaultProtectionLosesNothingOnEveryGenerationAndOnANetplanDhcpHost() throws Exception {
        Lab.restart(KINDS, 0);
        applyFromBlank(Lab.INVENTORY);
        Map<String, Survival.Outcome> cells = new LinkedHashMap<>();
        for (int pair = 1; pair <= KINDS.size(); pair++) {
            String kind = KINDS.get(pair - 1);
            List<Survival.Fault> faults = kind.endsWith("+dhcp") ? List.of(Survival.NETPLAN_APPLY) : Survival.STATIC_FAULTS;
            for (Survival.Fault f : faults) {
                cells.put(label(kind) + " | keep-configuration | master | " + f.name(), Survival.measure(pair, "p" + pair + "a", f, 7));
            }
            if (kind.endsWith("+dhcp")) dhcpRenewals(pair, cells, label(kind) + " | keep-configuration | master");
        }
        print(cells);
        cells.forEach((k, o) -> assertTrue(o.clean(), k + ": " + o.cell()));
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
        Lab.restart(kinds, 0);
        Path inventory = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("matrix")), protections.toArray(String[]::new));
        applyFromBlank(inventory);
        Map<String, Survival.Outcome> cells = new LinkedHashMap<>();
        for (int pair = 1; pair <= kinds.size(); pair++) {
            String kind = kinds.get(pair - 1);
            List<Survival.Fault> faults = kind.endsWith("+dhcp") ? Survival.DHCP_FAULTS : Survival.STATIC_FAULTS;
            for (String node : List.of("a", "b")) {
                for (Survival.Fault f : faults) {
                    cells.put(label(kind) + " | " + protections.get(pair - 1) + " | " + (node.equals("a") ? "master" : "backup") + " | " + f.name(),
                            Survival.measure(pair, "p" + pair + node, f, 7));
                }
            }
            if (kind.endsWith("+dhcp")) dhcpRenewals(pair, cells, label(kind) + " | " + protections.get(pair - 1) + " | master");
        }
        print(cells);
    }
}
