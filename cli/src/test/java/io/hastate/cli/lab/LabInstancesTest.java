package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pairs of several VRRP instances on real hosts: active/active (each node prefers one instance) and
 * IPv4 with IPv6 VIPs (an instance per family) on Debian 11, 12 and 13, applied from blank hosts.
 */
@Tag("lab")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class LabInstancesTest {
    static final Map<String, String> DEBIAN = Map.of("bullseye", "Debian 11", "bookworm", "Debian 12", "trixie", "Debian 13");

    /** Later test classes expect the lab as run-tests starts it: blank hosts, one pair, two light hosts. */
    @AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    static String hosts(int pairs) throws Exception {
        StringBuilder out = new StringBuilder("ssh:\n  known_hosts: " + Lab.STATE.resolve("known_hosts") + "\n  config: " + Lab.STATE.resolve("ssh_config")
                + "\nhosts:\n");
        for (int p = 1; p <= pairs; p++) {
            for (String side : List.of("a", "b")) {
                out.append("  p").append(p).append(side).append(": {address: ").append(Lab.address("p" + p + side))
                        .append(", user: root, identity: ").append(Lab.STATE.resolve("id_ed25519")).append("}\n");
            }
        }
        return out.append("groups:\n  full:\n    hosts: [")
                .append(String.join(", ", java.util.stream.IntStream.rangeClosed(1, pairs).mapToObj(p -> "p" + p + "a, p" + p + "b").toList()))
                .append("]\npairs:\n").toString();
    }

    static void applyFromBlank(Path inventory) throws Exception {
        LabSurvivalTest.applyFromBlank(inventory);
    }

    @Test
    void eachNodeHoldsTheInstanceItPrefersAndTakesTheOtherWhenItsPeerStops(@TempDir Path tmp) throws Exception {
        Lab.restart(1, 0);
        String web = Lab.NET + ".100.1";
        String api = Lab.NET + ".100.201";
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), hosts(1) + """
                  lb:
                    nodes: {p1a: {priority: 150}, p1b: {priority: 100}}
                    instances:
                      lb_web: {virtual_router_id: 51, interface: eth0, vips: [%s/32]}
                      lb_api: {virtual_router_id: 52, interface: eth0, vips: [%s/32], priorities: {p1a: 100, p1b: 150}}
                """.formatted(web, api));
        applyFromBlank(inventory);
        assertTrue(Lab.awaitAddress("p1a", web + "/32", 8), Lab.addresses("p1a"));
        assertTrue(Lab.awaitAddress("p1b", api + "/32", 8), "active/active: p1b holds lb_api: " + Lab.addresses("p1b"));
        assertTrue(!Lab.addresses("p1a").contains(api + "/32") && !Lab.addresses("p1b").contains(web + "/32"));

        // p1b's keepalived stops: p1a takes lb_api over; lb_web, which p1a holds, never notices.
        VipProber webProbe = VipProber.open(web);
        VipProber apiProbe = VipProber.open(api);
        Lab.ssh("p1b", "systemctl stop keepalived");
        assertTrue(Lab.awaitAddress("p1a", api + "/32", 6), "p1a took lb_api over: " + Lab.addresses("p1a"));
        Lab.ssh("p1b", "systemctl start keepalived");
        assertTrue(Lab.awaitAddress("p1b", api + "/32", 8), "p1b preempts lb_api back: " + Lab.addresses("p1b"));
        int[] webSeen = webProbe.stopAfter(2);
        int[] apiSeen = apiProbe.stopAfter(0);
        System.out.printf("MEASURED active/active on Debian 12: keepalived stopped and started on p1b: lb_web lost %d of %d, lb_api lost %d of %d%n",
                webSeen[1], webSeen[0] + webSeen[1], apiSeen[1], apiSeen[0] + apiSeen[1]);
        assertEquals(0, webSeen[1], "the instance p1b did not hold lost nothing");
        assertTrue(apiSeen[0] > 0);
        assertTrue(Lab.awaitAddress("p1a", web + "/32", 1) && !Lab.addresses("p1a").contains(api + "/32"), Lab.addresses("p1a"));

        Lab.Result check = hastate("check", "-i", inventory.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, check.exit(), check.out());
        assertTrue(check.out().contains(web + "/32") && check.out().contains(api + "/32"), "both instances' VIPs are reported: " + check.out());

        drainAndRestartRolloutKeepBothVips(tmp, inventory, web, api);
    }

    /**
     * p1a drained gives lb_web to p1b, which keeps lb_api, and takes it back when undrained; a change that
     * restarts keepalived rolls out with each node's instance taken over by its peer first. Both VIPs are
     * probed throughout: planned moves lose at most the ARP race each.
     */
    static void drainAndRestartRolloutKeepBothVips(Path tmp, Path inventory, String web, String api) throws Exception {
        String i = inventory.toString(), states = Lab.states().toString();
        VipProber webProbe = VipProber.open(web);
        VipProber apiProbe = VipProber.open(api);
        Lab.Result drain = hastate("drain", "p1a", "ha", "-i", i, "--states", states);
        assertEquals(0, drain.exit(), drain.out() + drain.err());
        assertTrue(drain.out().contains("drained; lb_web moved to p1b"), drain.out());
        assertTrue(Lab.addresses("p1b").contains(web + "/32") && Lab.addresses("p1b").contains(api + "/32"), Lab.addresses("p1b"));
        Lab.Result undrain = hastate("undrain", "p1a", "ha", "-i", i, "--states", states);
        assertEquals(0, undrain.exit(), undrain.out() + undrain.err());
        assertTrue(undrain.out().contains("p1a undrained; lb_web moved back to p1a"), undrain.out());
        int[] webMoved = webProbe.stopAfter(2);
        int[] apiKept = apiProbe.stopAfter(0);
        System.out.printf("MEASURED active/active drain and undrain of p1a (Debian 12): lb_web lost %d of %d, lb_api lost %d of %d%n",
                webMoved[1], webMoved[0] + webMoved[1], apiKept[1], apiKept[0] + apiKept[1]);
        assertTrue(webMoved[1] <= 2 * VipProber.PLANNED_MOVE_RACE, "lb_web moved twice without a failover: lost " + webMoved[1]);
        assertEquals(0, apiKept[1], "lb_api never moved");

        // One instance alone: lb_api to p1a (p1b drained for it) and back; lb_web is not touched.
        webProbe = VipProber.open(web);
        apiProbe = VipProber.open(api);
        Lab.Result away = hastate("handover", "lb", "--instance", "lb_api", "ha", "-i", i, "--states", states);
        assertEquals(0, away.exit(), away.out() + away.err());
        assertTrue(away.out().contains("p1b drained for lb_api; lb_api moved to p1a"), away.out());
        Lab.Result status = hastate("check", "-i", i, "--states", states, "-l", "full", "ha");
        assertEquals(0, status.exit(), "a node drained for one instance is no drift: " + status.out());
        assertTrue(status.out().contains("p1b drained for lb_api"), status.out());
        Lab.Result back = hastate("handover", "lb", "--instance", "lb_api", "--to", "p1b", "ha", "-i", i, "--states", states);
        assertEquals(0, back.exit(), back.out() + back.err());
        assertTrue(back.out().contains("p1b undrained for lb_api; lb_api moved back to p1b"), back.out());
        int[] webStayed = webProbe.stopAfter(2);
        int[] apiMoved = apiProbe.stopAfter(0);
        System.out.printf("MEASURED active/active handover of lb_api alone and back (Debian 12): lb_web lost %d of %d, lb_api lost %d of %d%n",
                webStayed[1], webStayed[0] + webStayed[1], apiMoved[1], apiMoved[0] + apiMoved[1]);
        assertEquals(0, webStayed[1], "lb_web never moved");
        assertTrue(apiMoved[1] <= 2 * VipProber.PLANNED_MOVE_RACE, "lb_api moved twice without a failover: lost " + apiMoved[1]);

        long since = Long.parseLong(Lab.ssh("p1a", "date +%s").out().strip());
        Path restarting = LabRolloutTest.treeThatRestartsKeepalived(tmp, "-aa");
        webProbe = VipProber.open(web);
        apiProbe = VipProber.open(api);
        Lab.Result rollout = hastate("apply", "-i", i, "--states", restarting.toString(), "-l", "full", "--format", "json", "ha");
        webMoved = webProbe.stopAfter(LabRolloutTest.SETTLE_SECONDS);
        apiKept = apiProbe.stopAfter(0);
        assertEquals(0, rollout.exit(), rollout.out() + rollout.err());
        List<String> steps = LabRolloutTest.steps(rollout);
        int masters = LabRolloutTest.pairTransitions(since, "MASTER");
        System.out.printf("MEASURED active/active rollout of a change that restarts keepalived (Debian 12): lb_web lost %d of %d,"
                + " lb_api lost %d of %d, nodes entering MASTER=%d; steps %s%n", webMoved[1], webMoved[0] + webMoved[1], apiKept[1],
                apiKept[0] + apiKept[1], masters, steps);
        // p1b goes first and holds lb_api: p1a takes it over first, getting its own new configuration by a
        // reload; in p1a's turn nothing is left to restart it for.
        assertTrue(steps.get(1).startsWith("keepalived restarts on p1b, which holds lb_api: p1a took them over first, without a failover"), steps.toString());
        assertEquals(List.of("p1a back at its declared priority", "p1b done; lb_web held by p1a, lb_api held by p1b (moved from p1a)",
                "p1a done; lb_web held by p1a, lb_api held by p1b"), steps.subList(2, 5), steps.toString());
        assertTrue(webMoved[1] <= VipProber.PLANNED_MOVE_RACE && apiKept[1] <= 2 * VipProber.PLANNED_MOVE_RACE,
                "lb_api moved to p1a and back without a failover, lb_web stayed: lb_web lost " + webMoved[1] + ", lb_api lost " + apiKept[1]);
        assertTrue(Lab.ssh("p1b", "journalctl -u keepalived --since @" + since + " --no-pager -o cat").out().contains("Starting"),
                "keepalived did restart on p1b (reload: false)");
        assertTrue(Lab.ssh("p1a", "cat /etc/keepalived/keepalived.conf").out().contains("router_id p1a-aa"), "p1a runs the new configuration");
        assertTrue(Lab.awaitAddress("p1a", web + "/32", 8) && Lab.awaitAddress("p1b", api + "/32", 8), "each node holds its own instance again");
    }

    /**
     * p1b is a node of two pairs, web (with p1a, which it backs up) and db (with p2a, which backs it up):
     * one keepalived.conf with both pairs' instances; a reload-only rollout changes p1b once and loses
     * nothing on either VIP; keepalived stopped on p1b moves db to p2a and leaves web alone; drained, p1b
     * gives db up and takes it back when undrained.
     */
    @Test
    void aHostInTwoPairsCarriesBothAndIsChangedOnceWithNothingLost(@TempDir Path tmp) throws Exception {
        Lab.restart(2, 0);
        String web = Lab.NET + ".100.1", db = Lab.NET + ".100.2";
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), hosts(2) + """
                  web:
                    nodes: {p1a: {priority: 150}, p1b: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: [%s/32]}
                  db:
                    nodes: {p1b: {priority: 150}, p2a: {priority: 100}}
                    vrrp: {virtual_router_id: 52, interface: eth0, vips: [%s/32]}
                """.formatted(web, db));
        String i = inventory.toString(), states = Lab.states().toString();
        Lab.Result first = hastate("apply", "-i", i, "--states", states, "-l", "p1a,p1b,p2a", "ha");
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(Lab.awaitAddress("p1a", web + "/32", 8) && Lab.awaitAddress("p1b", db + "/32", 8), Lab.addresses("p1a") + Lab.addresses("p1b"));
        String conf = Lab.ssh("p1b", "cat /etc/keepalived/keepalived.conf").out();
        assertTrue(conf.contains("vrrp_instance web {") && conf.contains("vrrp_instance db {"), "p1b carries both pairs: " + conf);
        assertEquals(0, hastate("check", "-i", i, "--states", states, "-l", "p1a,p1b,p2a", "ha").exit());

        // Import, from the hosts alone, finds p1b in both pairs; the HA tree then means the same on all three.
        String hostList = hosts(2);
        Path hostsOnly = Files.writeString(tmp.resolve("hosts.yaml"), hostList.substring(0, hostList.lastIndexOf("pairs:")));
        Path imported = tmp.resolve("imported.yaml");
        Lab.Result run = hastate("import", "-i", hostsOnly.toString(), "-l", "p1a,p1b,p2a", "--out", imported.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(!run.err().contains("note:"), "both pairs imported, nothing left out: " + run.err());
        List<String> found = new ArrayList<>();
        for (JsonNode pair : LabImportTest.JSON.readTree(hastate("inventory", "-i", imported.toString(), "--format", "json").out()).get("pairs")) {
            found.add(pair.get("name").asText() + " " + pair.get("nodes").findValuesAsText("host"));
        }
        assertEquals(List.of("db [p1b, p2a]", "web [p1a, p1b]"), found.stream().sorted().toList());
        Lab.Result same = hastate("check", "-i", imported.toString(), "--states", states, "-l", "p1a,p1b,p2a", "ha", "--format", "json");
        assertEquals(Map.of("p1a", List.of(), "p1b", List.of(), "p2a", List.of()), LabImportTest.meaningChanges(LabImportTest.JSON.readTree(same.out())), same.out());

        // A reload-only change (a new router_id) on all three hosts, both VIPs probed.
        Path changed = Lab.haTreeBesideInit(tmp.resolve("states/ha"));
        Files.writeString(changed.resolve("init.yaml"), Files.readString(Lab.states().resolve("ha/init.yaml"))
                .replace("router_id: \"{{host.name}}\"", "router_id: \"{{host.name}}-two\""));
        VipProber webProbe = VipProber.open(web);
        VipProber dbProbe = VipProber.open(db);
        Lab.Result rollout = hastate("apply", "-i", i, "--states", tmp.resolve("states").toString(), "-l", "p1a,p1b,p2a", "--format", "json", "ha");
        int[] webSeen = webProbe.stopAfter(LabRolloutTest.SETTLE_SECONDS);
        int[] dbSeen = dbProbe.stopAfter(0);
        assertEquals(0, rollout.exit(), rollout.out() + rollout.err());
        List<String> steps = new ArrayList<>();
        for (JsonNode step : LabImportTest.JSON.readTree(rollout.out()).get("rollout")) steps.add(step.get("pair").asText() + ": " + step.get("message").asText());
        System.out.printf("MEASURED a host in two pairs, reload-only rollout (Debian 12): web lost %d of %d, db lost %d of %d; steps %s%n",
                webSeen[1], webSeen[0] + webSeen[1], dbSeen[1], dbSeen[0] + dbSeen[1], steps);
        assertTrue(steps.contains("db: p1b already done with pair web"), steps.toString());
        assertEquals(1, steps.stream().filter(s -> s.startsWith("web: p1b done") ).count(), steps.toString());
        assertEquals(0, webSeen[1], "web kept");
        assertEquals(0, dbSeen[1], "db kept");

        // keepalived stops on p1b: db moves to p2a, web stays on p1a.
        Lab.ssh("p1b", "systemctl stop keepalived");
        assertTrue(Lab.awaitAddress("p2a", db + "/32", 6) && Lab.addresses("p1a").contains(web + "/32"), Lab.addresses("p2a") + Lab.addresses("p1a"));
        Lab.ssh("p1b", "systemctl start keepalived");
        assertTrue(Lab.awaitAddress("p1b", db + "/32", 8), "p1b preempts db back: " + Lab.addresses("p1b"));

        Lab.Result drain = hastate("drain", "p1b", "ha", "-i", i, "--states", states);
        assertEquals(0, drain.exit(), drain.out() + drain.err());
        assertTrue(drain.out().contains("p1b drained; db: the VIPs moved to p2a"), drain.out());
        Lab.Result undrain = hastate("undrain", "p1b", "ha", "-i", i, "--states", states);
        assertEquals(0, undrain.exit(), undrain.out() + undrain.err());
        assertTrue(undrain.out().contains("p1b undrained; web: the VIP stays on p1a; db: the VIP moved back to p1b"), undrain.out());
        assertTrue(Lab.awaitAddress("p1b", db + "/32", 1) && Lab.awaitAddress("p1a", web + "/32", 1), Lab.addresses("p1b") + Lab.addresses("p1a"));

        restartRolloutAndDrainAcrossPairs(tmp, inventory, web, db);
    }

    /**
     * A change that restarts keepalived on p1b, which holds db and backs up web: p2a takes db over first
     * and gives it back after p1b's restart, web is never touched by it. Then db without preemption: a
     * drain of p1b moves db by p2a's takeover, and an undrain leaves it there.
     */
    static void restartRolloutAndDrainAcrossPairs(Path tmp, Path inventory, String web, String db) throws Exception {
        String i = inventory.toString(), states = Lab.states().toString();
        long since = Long.parseLong(Lab.ssh("p1b", "date +%s").out().strip());
        Path restarting = LabRolloutTest.treeThatRestartsKeepalived(tmp, "-2p");
        VipProber webProbe = VipProber.open(web);
        VipProber dbProbe = VipProber.open(db);
        Lab.Result rollout = hastate("apply", "-i", i, "--states", restarting.toString(), "-l", "p1a,p1b,p2a", "--format", "json", "ha");
        int[] webSeen = webProbe.stopAfter(LabRolloutTest.SETTLE_SECONDS);
        int[] dbSeen = dbProbe.stopAfter(0);
        assertEquals(0, rollout.exit(), rollout.out() + rollout.err());
        List<String> steps = new ArrayList<>();
        for (JsonNode step : LabImportTest.JSON.readTree(rollout.out()).get("rollout")) steps.add(step.get("pair").asText() + ": " + step.get("message").asText());
        System.out.printf("MEASURED a host in two pairs, rollout of a change that restarts keepalived (Debian 12): web lost %d of %d, db lost %d of %d;"
                + " steps %s%n", webSeen[1], webSeen[0] + webSeen[1], dbSeen[1], dbSeen[0] + dbSeen[1], steps);
        assertTrue(steps.stream().anyMatch(s -> s.startsWith("db: keepalived restarts on p1b, which holds the VIP: p2a took it over first, without a failover")),
                steps.toString());
        assertTrue(steps.contains("db: p2a back at its declared priority"), steps.toString());
        assertTrue(Lab.ssh("p1b", "journalctl -u keepalived --since @" + since + " --no-pager -o cat").out().contains("Starting"),
                "keepalived did restart on p1b (reload: false)");
        assertTrue(dbSeen[1] <= 2 * VipProber.PLANNED_MOVE_RACE, "db moved to p2a and back without a failover: lost " + dbSeen[1]);
        assertTrue(webSeen[1] <= 2 * VipProber.PLANNED_MOVE_RACE, "web moved for p1a's own restart only by takeover: lost " + webSeen[1]);
        assertTrue(Lab.awaitAddress("p1b", db + "/32", 8) && Lab.awaitAddress("p1a", web + "/32", 8), Lab.addresses("p1b") + Lab.addresses("p1a"));

        Path nopreempt = Files.writeString(tmp.resolve("nopreempt.yaml"), Files.readString(inventory)
                .replace("vrrp: {virtual_router_id: 52, interface: eth0,", "vrrp: {virtual_router_id: 52, interface: eth0, preempt: false,"));
        Lab.Result switched = hastate("apply", "-i", nopreempt.toString(), "--states", states, "-l", "p1a,p1b,p2a", "ha");
        assertEquals(0, switched.exit(), switched.out() + switched.err());
        assertTrue(Lab.awaitAddress("p1b", db + "/32", 4), "switching db to nopreempt moved nothing: " + Lab.addresses("p1b"));
        dbProbe = VipProber.open(db);
        Lab.Result drain = hastate("drain", "p1b", "ha", "-i", nopreempt.toString(), "--states", states);
        assertEquals(0, drain.exit(), drain.out() + drain.err());
        assertTrue(drain.out().contains("p1b drained; db: the VIPs moved to p2a"), drain.out());
        Lab.Result undrain = hastate("undrain", "p1b", "ha", "-i", nopreempt.toString(), "--states", states);
        assertEquals(0, undrain.exit(), undrain.out() + undrain.err());
        assertTrue(undrain.out().contains("db: the VIP stays on p2a"), "without preemption db stays where the drain put it: " + undrain.out());
        dbSeen = dbProbe.stopAfter(2);
        System.out.printf("MEASURED drain of a node of two pairs, db without preemption (Debian 12): db lost %d of %d%n", dbSeen[1], dbSeen[0] + dbSeen[1]);
        assertTrue(dbSeen[1] <= VipProber.PLANNED_MOVE_RACE, "db moved once, by takeover: lost " + dbSeen[1]);
        assertTrue(Lab.addresses("p2a").contains(db + "/32") && !Lab.addresses("p1b").contains(db + "/32"), Lab.addresses("p2a") + Lab.addresses("p1b"));
    }

    /**
     * An active/active pair with an IPv6 instance, configured by hand: import takes every instance (and
     * lines the model has no field for, as written) and says the HA tree means the same, check finds no
     * difference in meaning, and apply keeps every instance and line.
     */
    @Test
    void aHandMadeActiveActivePairWithAnIpv6InstanceImportsWholeAndApplyKeepsEveryInstance(@TempDir Path tmp) throws Exception {
        Lab.restart(1, 0);
        String prefix = "fd" + Lab.NET.substring(Lab.NET.indexOf('.') + 1) + "::";
        String web = Lab.NET + ".100.1", api = Lab.NET + ".100.201", web6 = prefix + "100:1";
        enableIpv6("p1a", prefix + "1:1", "fe80::1:1");
        enableIpv6("p1b", prefix + "1:2", "fe80::1:2");
        for (String[] n : new String[][] {{"p1a", "MASTER", "150", "BACKUP", "100"}, {"p1b", "BACKUP", "100", "MASTER", "150"}}) {
            String own = Lab.address(n[0]);
            // An interface of the host's own for web to track (keepalived ignores tracking its own interface).
            Lab.ssh(n[0], "ip link add hst0 type veth peer name hst1 && ip link set hst1 up && ip link set hst0 up");
            LabImportTest.byHand(n[0], """
                    global_defs {
                        router_id %1$s
                    }
                    vrrp_instance web {
                        state %2$s
                        interface eth0
                        virtual_router_id 51
                        priority %3$s
                        mcast_src_ip %6$s
                        garp_master_delay 5
                        track_interface {
                            hst0
                        }
                        virtual_ipaddress {
                            %7$s/32
                        }
                    }
                    vrrp_instance api {
                        state %4$s
                        interface eth0
                        virtual_router_id 52
                        priority %5$s
                        mcast_src_ip %6$s
                        virtual_ipaddress {
                            %8$s/32
                        }
                    }
                    vrrp_instance web6 {
                        state %2$s
                        interface eth0
                        virtual_router_id 51
                        priority %3$s
                        virtual_ipaddress {
                            %9$s/128
                        }
                    }
                    """.formatted(n[0], n[1], n[2], n[3], n[4], own, web, api, web6));
        }
        assertTrue(Lab.awaitAddress("p1a", web + "/32", 10) && Lab.awaitAddress("p1a", web6 + "/128", 10), Lab.addresses("p1a"));
        assertTrue(Lab.awaitAddress("p1b", api + "/32", 10), "the hand-made pair is active/active: " + Lab.addresses("p1b"));

        String hostList = hosts(1);
        Path hostsOnly = Files.writeString(tmp.resolve("hosts.yaml"), hostList.substring(0, hostList.lastIndexOf("pairs:")));
        Path imported = tmp.resolve("imported.yaml");
        Lab.Result run = hastate("import", "-i", hostsOnly.toString(), "--out", imported.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(!run.err().contains("note:"), "every instance imported, nothing left out: " + run.err());
        assertTrue(run.err().contains("the HA tree's keepalived.conf means the same as the one found"), run.err());
        JsonNode pair = LabImportTest.JSON.readTree(hastate("inventory", "-i", imported.toString(), "--format", "json").out()).get("pairs").get(0);
        List<String> instances = new ArrayList<>();
        for (JsonNode i : pair.get("instances")) {
            JsonNode pr = i.get("priorities");
            instances.add(i.get("name").asText() + " " + pr.get("p1a").asInt() + "/" + pr.get("p1b").asInt());
        }
        assertEquals(List.of("web 150/100", "api 100/150", "web6 150/100"), instances, pair.toString());

        Lab.Result check = hastate("check", "-i", imported.toString(), "--states", Lab.states().toString(), "-l", "full", "ha", "--format", "json");
        Map<String, List<String>> meaning = LabImportTest.meaningChanges(LabImportTest.JSON.readTree(check.out()));
        System.out.println("MEASURED import of a hand-made active/active pair with an IPv6 instance (Debian 12): " + meaning);
        assertEquals(Map.of("p1a", List.of(), "p1b", List.of()), meaning, "keepalived.conf means the same, as import said");

        Lab.Result apply = hastate("apply", "-i", imported.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        for (String h : List.of("p1a", "p1b")) {
            String conf = Lab.ssh(h, "cat /etc/keepalived/keepalived.conf").out();
            for (String name : List.of("web", "api", "web6")) assertTrue(conf.contains("vrrp_instance " + name + " {"), h + ": " + conf);
            assertTrue(conf.contains("    garp_master_delay 5\n    track_interface {\n        hst0\n    }\n"), "the lines carried as written: " + conf);
        }
        assertTrue(Lab.awaitAddress("p1a", web + "/32", 8) && Lab.awaitAddress("p1a", web6 + "/128", 8), Lab.addresses("p1a"));
        assertTrue(Lab.awaitAddress("p1b", api + "/32", 8), "p1b still holds api: " + Lab.addresses("p1b"));
        assertEquals(0, hastate("check", "-i", imported.toString(), "--states", Lab.states().toString(), "-l", "full", "ha").exit());
    }

    /** The lab's static hosts run without IPv6: each node gets a link-local and a ULA address, as a dual-stack LAN has. */
    static void enableIpv6(String host, String address, String linkLocal) throws Exception {
        // The kernel makes a link-local address only when the link comes up: a reconfigure gives it one by hand.
        Lab.Result r = Lab.ssh(host, "mkdir -p /etc/systemd/network/10-eth0.network.d && printf '[Network]\\nLinkLocalAddressing=ipv6\\nAddress="
                + address + "/64\\nAddress=" + linkLocal + "/64\\n' > /etc/systemd/network/10-eth0.network.d/ipv6.conf && networkctl reload && networkctl reconfigure eth0"
                + " && for i in $(seq 50); do ip -6 addr show dev eth0 | grep -q tentative || break; sleep 0.1; done; ip -6 addr show dev eth0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("scope link") && r.out().contains(address + "/64"), host + ": " + r.out());
    }

    @Test
    void anIpv6VipGetsAnInstanceOfItsOwnAndMovesWithTheIpv4OneOnEveryGeneration(@TempDir Path tmp) throws Exception {
        List<String> kinds = List.of("bullseye", "bookworm", "trixie");
        Lab.restart(kinds, 0);
        String prefix = "fd" + Lab.NET.substring(Lab.NET.indexOf('.') + 1) + "::";
        StringBuilder pairs = new StringBuilder();
        for (int p = 1; p <= kinds.size(); p++) {
            enableIpv6("p" + p + "a", prefix + p + ":1", "fe80::" + p + ":1");
            enableIpv6("p" + p + "b", prefix + p + ":2", "fe80::" + p + ":2");
            pairs.append("""
                      dual%d:
                        nodes: {p%da: {priority: 150}, p%db: {priority: 100}}
                        vrrp: {virtual_router_id: %d, interface: eth0, vips: [%s.100.%d/32, "%s100:%d/128"]}
                    """.formatted(p, p, p, 50 + p, Lab.NET, p, prefix, p));
        }
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), hosts(kinds.size()) + pairs);
        applyFromBlank(inventory);
        for (int p = 1; p <= kinds.size(); p++) {
            String v4 = Lab.NET + ".100." + p + "/32";
            String v6 = prefix + "100:" + p + "/128";
            String label = DEBIAN.get(kinds.get(p - 1));
            assertTrue(Lab.awaitAddress("p" + p + "a", v4, 8) && Lab.awaitAddress("p" + p + "a", v6, 8), label + ": " + Lab.addresses("p" + p + "a"));
            String conf = Lab.ssh("p" + p + "a", "cat /etc/keepalived/keepalived.conf").out();
            assertTrue(conf.contains("vrrp_instance dual" + p + "_v6 {"), label + ": " + conf);

            long stopped = System.nanoTime();
            Lab.ssh("p" + p + "a", "systemctl stop keepalived");
            assertTrue(Lab.awaitAddress("p" + p + "b", v6, 8) && Lab.awaitAddress("p" + p + "b", v4, 8), label + ": both VIPs moved: " + Lab.addresses("p" + p + "b"));
            System.out.printf("MEASURED IPv6 instance on %s (keepalived %s): both VIPs on the peer %d ms after keepalived stopped on the holder%n",
                    label, Lab.ssh("p" + p + "a", "keepalived --version 2>&1 | head -1").out().strip(), (System.nanoTime() - stopped) / 1_000_000);
            Lab.ssh("p" + p + "a", "systemctl start keepalived");
            assertTrue(Lab.awaitAddress("p" + p + "a", v6, 8) && Lab.awaitAddress("p" + p + "a", v4, 8), label + ": back: " + Lab.addresses("p" + p + "a"));
        }
        Lab.Result check = hastate("check", "-i", inventory.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, check.exit(), check.out());
    }

    /**
     * The long matrix, run by hand ({@code HASTATE_INSTANCES=full}): on Debian 11, 12 and 13, an
     * active/active pair with an IPv6 VIP (web and web6 preferred on node a, api on node b) under the
     * default protection; every networkd fault on either node, while a client probes the three VIPs
     * (ping and ping -6 every 100 ms): no probe lost, no VRRP state change.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "HASTATE_INSTANCES", matches = "full")
    void anActiveActivePairWithAnIpv6VipSurvivesEveryNetworkdFaultOnEitherNode(@TempDir Path tmp) throws Exception {
        List<String> kinds = List.of("bullseye", "bookworm", "trixie");
        Lab.restart(kinds, 0);
        String prefix = "fd" + Lab.NET.substring(Lab.NET.indexOf('.') + 1) + "::";
        // The client's end of the lab LAN gets an IPv6 address too.
        new ProcessBuilder("ip", "addr", "replace", prefix + "ff:1/64", "dev", Lab.NS + "ctl", "nodad").inheritIO().start().waitFor();
        StringBuilder pairs = new StringBuilder();
        for (int p = 1; p <= kinds.size(); p++) {
            enableIpv6("p" + p + "a", prefix + p + ":1", "fe80::" + p + ":1");
            enableIpv6("p" + p + "b", prefix + p + ":2", "fe80::" + p + ":2");
            pairs.append("""
                      aa%1$d:
                        nodes: {p%1$da: {priority: 150}, p%1$db: {priority: 100}}
                        instances:
                          aa%1$d_web: {virtual_router_id: %2$d, interface: eth0, vips: [%4$s.100.%1$d/32]}
                          aa%1$d_web6: {virtual_router_id: %2$d, interface: eth0, vips: ["%5$s100:%1$d/128"]}
                          aa%1$d_api: {virtual_router_id: %3$d, interface: eth0, vips: [%4$s.101.%1$d/32], priorities: {p%1$da: 100, p%1$db: 150}}
                    """.formatted(p, 50 + p, 70 + p, Lab.NET, prefix));
        }
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), hosts(kinds.size()) + pairs);
        applyFromBlank(inventory);
        List<String> failures = new ArrayList<>();
        for (int p = 1; p <= kinds.size(); p++) {
            String label = DEBIAN.get(kinds.get(p - 1));
            List<String> vips = List.of(Lab.NET + ".100." + p, prefix + "100:" + p, Lab.NET + ".101." + p);
            assertTrue(Lab.awaitAddress("p" + p + "a", vips.get(0) + "/32", 8) && Lab.awaitAddress("p" + p + "a", vips.get(1) + "/128", 8)
                    && Lab.awaitAddress("p" + p + "b", vips.get(2) + "/32", 8), label + ": " + Lab.addresses("p" + p + "a") + Lab.addresses("p" + p + "b"));
            for (String node : List.of("p" + p + "a", "p" + p + "b")) {
                for (Survival.Fault fault : Survival.STATIC_FAULTS) {
                    int[] lost = faultWhileProbing(p, node, fault, vips);
                    if (lost[0] + lost[1] + lost[2] == 1 && lost[3] == 0) {
                        int[] again = faultWhileProbing(p, node, fault, vips);
                        System.out.printf("MEASURED-AGAIN %s %s on %s: first %s, again %s%n", label, fault.name(), node,
                                java.util.Arrays.toString(lost), java.util.Arrays.toString(again));
                        lost = again;
                    }
                    System.out.printf("MEASURED active/active + IPv6 on %s: %s on %s: web %d lost, web6 (ping -6) %d lost, api %d lost, transitions %d%n",
                            label, fault.name(), node, lost[0], lost[1], lost[2], lost[3]);
                    if (lost[0] + lost[1] + lost[2] + lost[3] != 0) failures.add(label + " " + fault.name() + " on " + node + ": " + java.util.Arrays.toString(lost));
                }
            }
        }
        assertEquals(List.of(), failures, "every VIP kept, no state change");
    }

    /** {@code fault} on {@code node} while the three VIPs are probed 8 s: {lost per VIP..., VRRP transitions on both nodes}. */
    static int[] faultWhileProbing(int pair, String node, Survival.Fault fault, List<String> vips) throws Exception {
        long since = Long.parseLong(Lab.ssh(node, "date +%s").out().strip());
        List<VipProber> probers = new ArrayList<>();
        for (String vip : vips) probers.add(VipProber.start(vip, 8));
        Lab.Result done = Lab.ssh(node, fault.command() + " >/dev/null 2>&1");
        if (done.exit() != 0) System.out.println("SURVIVAL-FAULT " + fault.name() + " exited " + done.exit() + " on " + node);
        int[] out = new int[vips.size() + 1];
        for (int i = 0; i < vips.size(); i++) {
            int[] probes = probers.get(i).finish();
            out[i] = probes[0] == 0 ? Integer.MAX_VALUE / 4 : probes[1];
        }
        out[vips.size()] = Lab.vrrpTransitions("p" + pair + "a", since, null) + Lab.vrrpTransitions("p" + pair + "b", since, null);
        return out;
    }

    /**
     * A pair on two interfaces (eth0, and eth1 on a second LAN), each node preferring the instance of one:
     * the HA tree protects both interfaces, networkd reconfiguring either (or restarting) takes neither
     * VIP away, the doctor finds nothing on either, and import from the hosts gives the same pair back.
     */
    @Test
    void aPairOnTwoInterfacesKeepsBothVipsWhenNetworkdReconfiguresEither(@TempDir Path tmp) throws Exception {
        Lab.restart(1, 0);
        Lab.secondLan(List.of("p1a", "p1b"));
        String subnet = Lab.LAN2;
        String front = Lab.NET + ".100.1";
        String back = subnet + "100";
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), hosts(1) + """
                  lb:
                    nodes: {p1a: {priority: 150}, p1b: {priority: 100}}
                    instances:
                      lb_front: {virtual_router_id: 51, interface: eth0, vips: [%s/32]}
                      lb_back: {virtual_router_id: 52, interface: eth1, vips: [%s/32], priorities: {p1a: 100, p1b: 150}}
                """.formatted(front, back));
        applyFromBlank(inventory);
        assertTrue(Lab.awaitAddress("p1a", front + "/32", 8), Lab.addresses("p1a"));
        assertTrue(Lab.awaitAddress("p1b", back + "/32", 8), "p1b holds lb_back on eth1: " + Lab.addresses("p1b"));
        assertTrue(Lab.addresses("p1b").lines().anyMatch(l -> l.startsWith("eth1") && l.contains(back + "/32")), Lab.addresses("p1b"));
        for (String h : List.of("p1a", "p1b")) {
            String dropIns = Lab.ssh(h, "grep -l KeepConfiguration=yes /etc/systemd/network/*.network.d/*.conf").out();
            assertTrue(dropIns.contains("10-eth0.network.d") && dropIns.contains("20-eth1.network.d"), h + ": " + dropIns);
            assertEquals("1", Lab.ssh(h, "sysctl -n net.ipv4.conf.eth1.arp_ignore").out().strip(), "eth1's settings too");
        }
        Lab.Result doctor = hastate("doctor", "-i", inventory.toString(), "-l", "full");
        assertEquals(0, doctor.exit(), "nothing found on either interface: " + doctor.out());

        Survival.Outcome[] cells = reconfigureBothInterfaces(front, back);
        // One probe lost with no state change may be this machine's load, not the VIP: measured once more.
        if (Survival.loneLoss(cells[0].lost() + cells[1].lost(), cells[0].transitions())) cells = reconfigureBothInterfaces(front, back);
        assertTrue(cells[0].answered() > 0 && cells[1].answered() > 0, "both VIPs answered the prober");
        assertEquals(0, cells[0].lost() + cells[1].lost(), "no probe lost on either interface");
        assertEquals(0, cells[0].transitions(), "no instance left its state");

        String hostList = hosts(1);
        Path hostsOnly = Files.writeString(tmp.resolve("hosts.yaml"), hostList.substring(0, hostList.lastIndexOf("pairs:")));
        Path imported = tmp.resolve("imported.yaml");
        Lab.Result run = hastate("import", "-i", hostsOnly.toString(), "--out", imported.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(!run.err().contains("note:"), "both instances imported, nothing left out: " + run.err());
        JsonNode pair = LabImportTest.JSON.readTree(hastate("inventory", "-i", imported.toString(), "--format", "json").out()).get("pairs").get(0);
        List<String> instances = new ArrayList<>();
        for (JsonNode i : pair.get("instances")) instances.add(i.get("name").asText() + " " + i.get("interface").asText() + " " + i.get("protection").asText());
        assertEquals(List.of("lb_front eth0 keep-configuration", "lb_back eth1 keep-configuration"), instances, pair.toString());
        Lab.Result same = hastate("check", "-i", imported.toString(), "--states", Lab.states().toString(), "-l", "full", "ha", "--format", "json");
        assertEquals(Map.of("p1a", List.of(), "p1b", List.of()), LabImportTest.meaningChanges(LabImportTest.JSON.readTree(same.out())), same.out());

        // Both instances on p1a in a sync group: eth1 going down on p1a faults lb_back, and keepalived takes lb_front along to p1b.
        Path grouped = Files.writeString(tmp.resolve("grouped.yaml"), hosts(1) + """
                  lb:
                    nodes: {p1a: {priority: 150}, p1b: {priority: 100}}
                    instances:
                      lb_front: {virtual_router_id: 51, interface: eth0, vips: [%s/32]}
                      lb_back: {virtual_router_id: 52, interface: eth1, vips: [%s/32]}
                    sync_groups:
                      lb_sync: {instances: [lb_front, lb_back]}
                """.formatted(front, back));
        Lab.Result regroup = hastate("apply", "-i", grouped.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, regroup.exit(), regroup.out());
        assertTrue(Lab.awaitAddress("p1a", back + "/32", 8), "p1a holds both: " + Lab.addresses("p1a"));
        assertTrue(Lab.ssh("p1a", "cat /etc/keepalived/keepalived.conf").out().contains("vrrp_sync_group lb_sync {"));
        Lab.run(List.of("ip", "-n", Lab.NS + "p1a", "link", "set", "eth1", "down"));
        try {
            assertTrue(Lab.awaitAddress("p1b", front + "/32", 8), "the group's other instance moved too: " + Lab.addresses("p1b"));
            assertTrue(Lab.awaitAddress("p1b", back + "/32", 1), Lab.addresses("p1b"));
        } finally {
            Lab.run(List.of("ip", "-n", Lab.NS + "p1a", "link", "set", "eth1", "up"));
        }
        System.out.println("MEASURED sync group on two interfaces (Debian 12): eth1 down on p1a moved lb_back and lb_front to p1b");
    }

    /** networkd's faults on both nodes and both interfaces while each VIP is probed: lb_front's and lb_back's outcome. */
    private static Survival.Outcome[] reconfigureBothInterfaces(String front, String back) throws Exception {
        long since = Long.parseLong(Lab.ssh("p1a", "date +%s").out().strip());
        VipProber frontProbe = VipProber.open(front);
        VipProber backProbe = VipProber.open(back);
        Lab.ssh("p1b", "networkctl reconfigure eth1");
        Lab.ssh("p1a", "networkctl reconfigure eth0");
        Lab.ssh("p1a", "networkctl reconfigure eth1");
        Lab.ssh("p1b", "systemctl restart systemd-networkd");
        int[] frontSeen = frontProbe.stopAfter(3);
        int[] backSeen = backProbe.stopAfter(0);
        int transitions = Lab.vrrpTransitions("p1a", since, null) + Lab.vrrpTransitions("p1b", since, null);
        System.out.printf("MEASURED two interfaces (Debian 12, keep-configuration on both): networkctl reconfigure of eth1 and eth0 on their holders,"
                + " eth1 on p1a, networkd restarted on p1b: lb_front lost %d of %d, lb_back lost %d of %d, %d VRRP transition(s)%n",
                frontSeen[1], frontSeen[0] + frontSeen[1], backSeen[1], backSeen[0] + backSeen[1], transitions);
        return new Survival.Outcome[] {new Survival.Outcome(frontSeen[0], frontSeen[1], transitions), new Survival.Outcome(backSeen[0], backSeen[1], transitions)};
    }
}
