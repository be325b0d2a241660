package io.hastate.ha.importing;

import io.hastate.ha.model.Pairs;
import io.hastate.core.load.InventoryLoader;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.Vrrp;
import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.keepalived.FoundScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hosts sharing several VRRP instances (active/active, IPv4 and IPv6) import as one pair that keeps them all. */
@Timeout(20)
class SeveralInstancesImportTest {
    @TempDir
    Path dir;

    static String instance(String name, String state, String iface, int vrid, int priority, String extra, String vips) {
        return """
                vrrp_instance %s {
                    state %s
                    interface %s
                    virtual_router_id %d
                    priority %d
                    %s
                    authentication {
                        auth_type PASS
                        auth_pass pw%d
                    }
                    virtual_ipaddress {
                        %s
                    }
                }
                """.formatted(name, state, iface, vrid, priority, extra, vrid, vips);
    }

    /** The import's inventory for lb1 and lb2 as written, with each instance's password in its secrets file. */
    Path writtenInventory(ImportedPair p, String yaml) throws Exception {
        for (ImportedPair.Instance i : p.instances()) {
            Path secret = Files.createDirectories(dir.resolve("secrets")).resolve(i.name() + ".auth_pass");
            Files.writeString(secret, i.authPass());
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.writeString(dir.resolve("inventory.yaml"), "hosts: {lb1: {address: 10.0.0.1}, lb2: {address: 10.0.0.2}}\n" + yaml);
    }

    static HostFindings host(String name, String address, String conf) {
        return HostFindings.of(name, address, conf, Map.of());
    }

    /** lb1 prefers web and its IPv6 twin, lb2 prefers api; both also run one instance on eth1. */
    static List<HostFindings> activeActive() {
        return List.of(
                host("lb1", "10.0.0.1", instance("web", "MASTER", "eth0", 51, 150, "mcast_src_ip 10.0.0.1", "10.0.0.51/32")
                        + instance("api", "BACKUP", "eth0", 52, 100, "mcast_src_ip 10.0.0.1", "10.0.0.52/32")
                        + instance("web6", "MASTER", "eth0", 51, 150, "mcast_src_ip 10.0.0.1", "fd00::51/128")
                        + instance("mgmt", "MASTER", "eth1", 53, 150, "", "10.1.0.53/32")),
                host("lb2", "10.0.0.2", instance("web", "BACKUP", "eth0", 51, 100, "mcast_src_ip 10.0.0.2", "10.0.0.51/32")
                        + instance("api", "MASTER", "eth0", 52, 150, "mcast_src_ip 10.0.0.2", "10.0.0.52/32")
                        + instance("web6", "BACKUP", "eth0", 51, 100, "", "fd00::51/128")
                        + instance("mgmt", "BACKUP", "eth1", 53, 100, "", "10.1.0.53/32")));
    }

    @Test
    void everyInstanceTwoHostsShareIsOnePairsInstanceOnWhicheverInterfaceItIs() {
        PairFinder.Result r = PairFinder.find(activeActive(), Set.of("lb1", "lb2"));
        assertEquals(1, r.pairs().size(), r.notes().toString());
        ImportedPair p = r.pairs().get(0);
        assertEquals("web", p.name(), "named after its first instance");
        assertEquals(List.of("web", "api", "web6", "mgmt"), p.instances().stream().map(ImportedPair.Instance::name).toList(), "no instance renamed");
        assertEquals("eth1", p.instances().get(3).iface());
        assertEquals(List.of(new ImportedPair.Node("lb1", 150, "MASTER", "10.0.0.1"), new ImportedPair.Node("lb2", 100, "BACKUP", "10.0.0.2")), p.nodes(),
                "the pinned sources, which the host's address cannot be read for, are kept");
        assertEquals(Map.of(), p.instances().get(0).priorities());
        assertEquals(Map.of("lb1", 100, "lb2", 150), p.instances().get(1).priorities(), "api prefers lb2: active/active");
        assertEquals(Map.of(), p.instances().get(2).priorities());
        assertEquals("pw52", p.instances().get(1).authPass(), "each instance keeps its own password");
        List<String> d = p.differences();
        assertEquals(List.of("lb1: instance web6: mcast_src_ip 10.0.0.1 is removed (an IPv6 instance's adverts leave from the link-local address)",
                "lb1: instance mgmt: mcast_src_ip the interface's address is added (the HA tree pins the advert source to eth1's own address)",
                "lb2: instance mgmt: mcast_src_ip the interface's address is added (the HA tree pins the advert source to eth1's own address)"),
                d, "lb2 starts as MASTER of api, which it prefers, as it did; mgmt on eth1 is pinned to eth1's own address, not the nodes' eth0 one");
        assertEquals(List.of(), r.notes(), "nothing is left out");
    }

    @Test
    void theWrittenInventoryLoadsWithEachInstancePreferringTheNodeItDidOnTheHosts() throws Exception {
        PairFinder.Result r = PairFinder.find(activeActive(), Set.of("lb1", "lb2"));
        for (ImportedPair.Instance i : r.pairs().get(0).instances()) {
            Path secret = Files.createDirectories(dir.resolve("secrets")).resolve(i.name() + ".auth_pass");
            Files.writeString(secret, i.authPass());
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        String yaml = PairsYaml.render(r.pairs(), i -> "secrets/" + i.name() + ".auth_pass");
        Path inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, "hosts: {lb1: {address: 10.0.0.1}, lb2: {address: 10.0.0.2}}\n" + yaml);
        Pair pair = Pairs.all(new InventoryLoader().load(inventory)).get("web");
        assertEquals(List.of("web", "api", "web6", "mgmt"), pair.instances().stream().map(Vrrp::name).toList(), yaml);
        assertEquals(List.of("eth0", "eth0", "eth0", "eth1"), pair.instances().stream().map(Vrrp::iface).toList(), yaml);
        assertEquals(List.of("lb1", "lb2", "lb1", "lb1"), pair.instances().stream().map(v -> pair.preferred(v).host()).toList(), yaml);
        assertEquals("pw52", pair.instances().get(1).authPass());
        assertTrue(pair.instances().get(2).ipv6());
        assertTrue(yaml.contains("priorities: {lb1: 100, lb2: 150}"), yaml);
    }

    @Test
    void aSyncGroupOfThePairsInstancesIsImportedIntoSyncGroupsAndLoadsBack() throws Exception {
        String group = "vrrp_sync_group web_sync {\n    group {\n        web\n        api\n    }\n    notify_master /usr/local/bin/web-up\n}\n";
        List<HostFindings> hosts = List.of(
                host("lb1", "10.0.0.1", group + instance("web", "MASTER", "eth0", 51, 150, "mcast_src_ip 10.0.0.1", "10.0.0.51/32")
                        + instance("api", "MASTER", "eth0", 52, 150, "mcast_src_ip 10.0.0.1", "10.0.0.52/32")),
                host("lb2", "10.0.0.2", group + instance("web", "BACKUP", "eth0", 51, 100, "mcast_src_ip 10.0.0.2", "10.0.0.51/32")
                        + instance("api", "BACKUP", "eth0", 52, 100, "mcast_src_ip 10.0.0.2", "10.0.0.52/32")));
        PairFinder.Result r = PairFinder.find(hosts, Set.of("lb1", "lb2"));
        ImportedPair p = r.pairs().get(0);
        assertEquals(List.of("web_sync"), p.syncGroups().stream().map(io.hastate.ha.model.SyncGroup::name).toList(), r.notes().toString());
        assertEquals(List.of(), p.verbatim(), "nothing left to carry as written");
        String yaml = PairsYaml.render(r.pairs(), i -> "secrets/" + i.name() + ".auth_pass");
        Pair loaded = Pairs.all(new InventoryLoader().load(writtenInventory(p, yaml))).get("web");
        assertEquals(List.of("web", "api"), loaded.syncGroups().get(0).instances(), yaml);
        assertEquals(Map.of("master", "/usr/local/bin/web-up"), loaded.syncGroups().get(0).notifyScripts(), yaml);
    }

    @Test
    void aStartStateTheHaTreeWouldNotWriteIsNamed() {
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", instance("one", "MASTER", "eth0", 61, 150, "", "10.0.0.61/32")
                        + instance("two", "BACKUP", "eth0", 62, 100, "", "10.0.0.62/32")),
                host("b", "10.0.0.2", instance("one", "BACKUP", "eth0", 61, 100, "", "10.0.0.61/32")
                        + instance("two", "BACKUP", "eth0", 62, 150, "", "10.0.0.62/32"))), Set.of("a", "b"));
        List<String> d = r.pairs().get(0).differences();
        assertTrue(d.contains("b: instance two: state BACKUP becomes MASTER (the HA tree starts an instance as MASTER on the node it prefers)"), d.toString());
    }

    @Test
    void aScriptEachInstanceWeighsItsOwnWayBecomesTwoChecks() {
        String scripts = """
                vrrp_script chk_web {
                    script "/usr/bin/pgrep -x nginx"
                    interval 2
                }
                """;
        String track1 = "track_script {\n chk_web weight -60\n }";
        String track2 = "track_script {\n chk_web\n }";
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", scripts + instance("one", "BACKUP", "eth0", 61, 150, track1, "10.0.0.61/32")
                        + instance("two", "BACKUP", "eth0", 62, 150, track2, "10.0.0.62/32")),
                host("b", "10.0.0.2", scripts + instance("one", "BACKUP", "eth0", 61, 100, track1, "10.0.0.61/32")
                        + instance("two", "BACKUP", "eth0", 62, 100, track2, "10.0.0.62/32"))), Set.of("a", "b"));
        ImportedPair p = r.pairs().get(0);
        assertEquals(List.of("chk_web"), p.instances().get(0).checks().stream().map(c -> c.name()).toList());
        assertEquals(-60, p.instances().get(0).checks().get(0).weight());
        assertEquals(List.of("chk_web_two"), p.instances().get(1).checks().stream().map(c -> c.name()).toList(), "one name, one meaning");
        assertEquals(0, p.instances().get(1).checks().get(0).weight());
    }

    @Test
    void whatThePairModelHasNoFieldForIsCarriedAsWrittenAndLoadsBack() throws Exception {
        String lines = "smtp_alert\n track_interface {\n eth1 weight -20\n }\n garp_master_delay 5";
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", instance("one", "BACKUP", "eth0", 61, 150, lines, "10.0.0.61/32")),
                host("b", "10.0.0.2", instance("one", "BACKUP", "eth0", 61, 100, "smtp_alert", "10.0.0.61/32"))), Set.of("a", "b"));
        ImportedPair p = r.pairs().get(0);
        List<String> carried = List.of("smtp_alert", "track_interface {", "eth1 weight -20", "}", "garp_master_delay 5");
        assertEquals(carried, p.main().verbatim());
        assertEquals(List.of("a: mcast_src_ip (the interface's address) is added (the HA tree pins the advert source, so that networkd re-adding the"
                + " address cannot fault keepalived)", "b: mcast_src_ip (the interface's address) is added (the HA tree pins the advert source, so that"
                + " networkd re-adding the address cannot fault keepalived)", "b: its lines the pair model has no field for become a's (smtp_alert"
                + " / track_interface { / eth1 weight -20 / } / garp_master_delay 5; it had smtp_alert)"), p.differences(),
                "nothing is said to be removed: the lines are carried");

        Path secret = Files.createDirectories(dir.resolve("secrets")).resolve("one.auth_pass");
        Files.writeString(secret, "pw61");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String yaml = PairsYaml.render(r.pairs(), i -> "secrets/" + i.name() + ".auth_pass");
        Path inventory = Files.writeString(dir.resolve("inventory.yaml"), "hosts: {a: {address: 10.0.0.1}, b: {address: 10.0.0.2}}\n" + yaml);
        assertEquals(carried, Pairs.all(new InventoryLoader().load(inventory)).get("one").vrrp().verbatim(), yaml);
    }

    @Test
    void linesThatCannotBeCarriedAreNamedAsRemoved() {
        String nested = "virtual_routes {\n a {\n b {\n }\n }\n }";
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", instance("one", "BACKUP", "eth0", 61, 150, nested, "10.0.0.61/32")),
                host("b", "10.0.0.2", instance("one", "BACKUP", "eth0", 61, 100, nested, "10.0.0.61/32"))), Set.of("a", "b"));
        ImportedPair p = r.pairs().get(0);
        assertEquals(List.of(), p.main().verbatim());
        List<String> d = p.differences();
        assertTrue(d.contains("a: its other lines cannot be carried as written (line 3 nests blocks deeper than keepalived's keywords here do)"), d.toString());
        assertTrue(d.contains("a: virtual_routes is not written by the HA tree, so apply would remove it")
                && d.contains("b: virtual_routes is not written by the HA tree, so apply would remove it"), d.toString());
    }

    /** In the shape of keepalived's own vrrp.scripts sample: a sync group, notify scripts with arguments, smtp_alert, mail settings. */
    static String sampleShaped(String router, String state, int priority) {
        return """
                ! a sync group, notify scripts with arguments
                global_defs {
                   notification_email {
                     ops@example.com
                   }
                   smtp_server 192.0.2.25
                   router_id %1$s
                }
                vrrp_sync_group G1 {
                  group {
                    VI_2
                    VI_3
                  }
                  notify_master "/usr/local/bin/vrrp.mast arg1 arg2"
                }
                """.formatted(router)
                + instance("VI_1", state, "eth0", 51, priority, "smtp_alert\n notify_master \"/usr/local/bin/vrrp.sh MASTER VI_1\"\n notify_backup /usr/local/bin/down",
                        "10.0.0.16\n 10.0.0.17")
                + instance("VI_2", state, "eth0", 52, priority + 50, "", "10.0.0.100/27")
                + instance("VI_3", state, "eth0", 53, priority + 50, "", "10.0.0.101/27");
    }

    @Test
    void aSampleShapedConfigImportsWithNothingRemoved() throws Exception {
        PairFinder.Result r = PairFinder.find(List.of(host("lb1", "10.0.0.1", sampleShaped("lb1", "MASTER", 100)),
                host("lb2", "10.0.0.2", sampleShaped("lb2", "BACKUP", 90))), Set.of("lb1", "lb2"));
        assertEquals(1, r.pairs().size(), r.notes().toString());
        assertEquals(List.of(), r.notes());
        ImportedPair p = r.pairs().get(0);
        assertEquals(List.of("VI_1", "VI_2", "VI_3"), p.instances().stream().map(ImportedPair.Instance::name).toList());
        assertEquals(List.of("notification_email {", "ops@example.com", "}", "smtp_server 192.0.2.25"), p.globalDefs());
        assertEquals(List.of("vrrp_sync_group G1 {", "group {", "VI_2", "VI_3", "}", "notify_master \"/usr/local/bin/vrrp.mast arg1 arg2\"", "}"), p.verbatim());
        assertEquals(List.of("smtp_alert", "notify_master \"/usr/local/bin/vrrp.sh MASTER VI_1\""), p.main().verbatim());
        assertEquals(Map.of("backup", "/usr/local/bin/down"), p.main().notifyScripts(), "a notify script path is the inventory's notify");
        assertTrue(p.differences().stream().noneMatch(d -> d.contains("remove")), "nothing is removed: " + p.differences());

        String yaml = PairsYaml.render(r.pairs(), i -> "secrets/" + i.name() + ".auth_pass");
        Path inventory = writtenInventory(p, yaml);
        Pair pair = Pairs.all(new InventoryLoader().load(inventory)).get("VI_1");
        assertEquals(p.globalDefs(), pair.globalDefs(), yaml);
        assertEquals(p.verbatim(), pair.verbatim(), yaml);
        assertEquals(p.main().verbatim(), pair.vrrp().verbatim(), yaml);
    }

    /** In the shape of keepalived's localcheck sample: scripts no health check can say (no absolute path, a shell redirection). */
    static String localcheckShaped(String state, int priority) {
        return """
                vrrp_script chk_sshd {
                       script "killall -0 sshd"        # cheaper than pidof
                       interval 2
                       weight -4
                }
                vrrp_script chk_http_port {
                       script "</dev/tcp/127.0.0.1/80"
                       interval 1
                }
                vrrp_script chk_web {
                       script "/usr/bin/pgrep -x nginx"
                       weight -60
                }
                """ + instance("VI_1", state, "eth0", 51, priority, "track_script {\n chk_sshd\n chk_http_port weight 2\n }", "10.0.0.16")
                + instance("VI_2", state, "eth0", 52, priority, "track_script {\n chk_web\n }", "10.0.0.17");
    }

    @Test
    void trackedScriptsNoCheckCanSayAreCarriedAsWrittenAndTheOthersBecomeChecks() throws Exception {
        PairFinder.Result r = PairFinder.find(List.of(host("lb1", "10.0.0.1", localcheckShaped("MASTER", 100)),
                host("lb2", "10.0.0.2", localcheckShaped("BACKUP", 90))), Set.of("lb1", "lb2"));
        ImportedPair p = r.pairs().get(0);
        ImportedPair.Instance vi1 = p.instances().get(0), vi2 = p.instances().get(1);
        assertEquals(List.of("track_script {", "chk_sshd", "chk_http_port weight 2", "}"), vi1.verbatim());
        assertEquals(List.of(), vi1.checks(), "VI_1's tracking stays as written");
        assertEquals(List.of("chk_web"), vi2.checks().stream().map(c -> c.name()).toList(), "VI_2's script is a check");
        assertEquals(List.of("vrrp_script chk_sshd {", "script \"killall -0 sshd\"", "interval 2", "weight -4", "}",
                "vrrp_script chk_http_port {", "script \"</dev/tcp/127.0.0.1/80\"", "interval 1", "}"), p.verbatim(), "their scripts, at the top");
        assertTrue(p.differences().stream().noneMatch(d -> d.contains("remove")), "nothing is removed: " + p.differences());
        assertTrue(p.differences().contains("lb1: global_defs gains enable_script_security and script_user keepalived_script: scripts run as that unprivileged user"),
                p.differences().toString());

        String yaml = PairsYaml.render(r.pairs(), i -> "secrets/" + i.name() + ".auth_pass");
        Path inventory = writtenInventory(p, yaml);
        Pair pair = Pairs.all(new InventoryLoader().load(inventory)).get("VI_1");
        assertEquals(vi1.verbatim(), pair.instances().get(0).verbatim(), yaml);
        assertEquals(p.verbatim(), pair.verbatim(), yaml);
    }

    @Test
    void twoNodesOfEqualPriorityAreNoPairAndSaySo() {
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", instance("one", "BACKUP", "eth0", 61, 100, "", "10.0.0.61/32")),
                host("b", "10.0.0.2", instance("one", "BACKUP", "eth0", 61, 100, "", "10.0.0.61/32"))), Set.of("a", "b"));
        assertEquals(List.of(), r.pairs());
        assertTrue(r.notes().get(0).endsWith("on a and b: both nodes have priority 100 (hastate needs one preferred node per instance); not imported"),
                r.notes().toString());
    }

    /** The import's inventory for lb1, lb2 and lb3 as written, with each instance's password in its secrets file. */
    Path threeHostInventory(List<ImportedPair> pairs, String yaml) throws Exception {
        for (ImportedPair p : pairs) {
            for (ImportedPair.Instance i : p.instances()) {
                Path secret = Files.createDirectories(dir.resolve("secrets")).resolve(i.name() + ".auth_pass");
                Files.writeString(secret, i.authPass());
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return Files.writeString(dir.resolve("inventory.yaml"), "hosts: {lb1: {address: 10.0.0.1}, lb2: {address: 10.0.0.2}, lb3: {address: 10.0.0.3}}\n" + yaml);
    }

    @Test
    void aHostSharingInstancesWithTwoPeersIsANodeOfTwoPairsAndTheInventoryLoads() throws Exception {
        List<HostFindings> hosts = List.of(
                host("lb1", "10.0.0.1", instance("web", "MASTER", "eth0", 51, 150, "", "10.0.0.51/32")),
                host("lb2", "10.0.0.2", instance("web", "BACKUP", "eth0", 51, 100, "", "10.0.0.51/32")
                        + instance("db", "MASTER", "eth0", 61, 150, "", "10.0.0.61/32")),
                host("lb3", "10.0.0.3", instance("db", "BACKUP", "eth0", 61, 100, "", "10.0.0.61/32")));
        PairFinder.Result r = PairFinder.find(hosts, Set.of("lb1", "lb2", "lb3"));
        assertEquals(List.of("web", "db"), r.pairs().stream().map(ImportedPair::name).toList(), r.notes().toString());
        assertEquals(List.of(), r.notes(), "nothing is left out");

        String yaml = PairsYaml.render(r.pairs(), i -> "secrets/" + i.name() + ".auth_pass");
        List<Pair> ofLb2 = Pairs.of(new InventoryLoader().load(threeHostInventory(r.pairs(), yaml)), "lb2");
        assertEquals(List.of("web", "db"), ofLb2.stream().map(Pair::name).toList(), yaml);
        assertEquals(List.of(100, 150), ofLb2.stream().map(p -> p.node("lb2").orElseThrow().priority()).toList());
    }

    @Test
    void aHostWhoseSecondPairIsOnAnotherInterfaceIsInBoth() throws Exception {
        List<HostFindings> hosts = List.of(
                host("lb1", "10.0.0.1", instance("web", "MASTER", "eth0", 51, 150, "", "10.0.0.51/32")),
                host("lb2", "10.0.0.2", instance("web", "BACKUP", "eth0", 51, 100, "", "10.0.0.51/32")
                        + instance("db", "MASTER", "eth1", 61, 150, "", "10.1.0.61/32")),
                host("lb3", "10.0.0.3", instance("db", "BACKUP", "eth1", 61, 100, "", "10.1.0.61/32")));
        PairFinder.Result r = PairFinder.find(hosts, Set.of("lb1", "lb2", "lb3"));
        assertEquals(List.of("web", "db"), r.pairs().stream().map(ImportedPair::name).toList(), r.notes().toString());
        assertEquals(List.of(), r.notes(), "nothing is left out");
        String yaml = PairsYaml.render(r.pairs(), i -> "secrets/" + i.name() + ".auth_pass");
        List<Pair> ofLb2 = Pairs.of(new InventoryLoader().load(threeHostInventory(r.pairs(), yaml)), "lb2");
        assertEquals(List.of("eth0", "eth1"), ofLb2.stream().map(p -> p.vrrp().iface()).toList(), yaml);
    }

    @Test
    void aSecondPairProtectingTheFirstOnesInterfaceAnotherWayIsNamed() {
        List<HostFindings> hosts = List.of(
                host("lb1", "10.0.0.1", instance("web", "MASTER", "eth0", 51, 150, "", "10.0.0.51/32")),
                host("lb2", "10.0.0.2", instance("web", "BACKUP", "eth0", 51, 100, "", "10.0.0.51/32")
                        + instance("db", "MASTER", "eth0", 61, 150, "use_vmac", "10.0.0.61/32")),
                host("lb3", "10.0.0.3", instance("db", "BACKUP", "eth0", 61, 100, "use_vmac", "10.0.0.61/32")));
        PairFinder.Result r = PairFinder.find(hosts, Set.of("lb1", "lb2", "lb3"));
        assertEquals(List.of("web"), r.pairs().stream().map(ImportedPair::name).toList());
        String notes = String.join("\n", r.notes());
        assertTrue(notes.contains("instance db (VRID 61 on eth0, 10.0.0.61/32) on lb2 and lb3: lb2 is already in pair web on eth0 (none),"
                + " and an interface is protected one way; here it is vmac; not imported"), notes);
        assertTrue(notes.contains("lb2: instance db (VRID 61) is not part of pair web"), notes);
    }
}
