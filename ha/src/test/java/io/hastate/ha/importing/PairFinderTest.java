package io.hastate.ha.importing;

import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.keepalived.FoundScript;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pairs recognised from hand-written keepalived.conf files, and what cannot be a pair said, not guessed. */
class PairFinderTest {

    static String conf(String name, String state, int vrid, int priority, String extra, String vips) {
        return """
                vrrp_instance %s {
                    state %s
                    interface eth0
                    virtual_router_id %d
                    priority %d
                    %s
                    authentication {
                        auth_type PASS
                        auth_pass pw1
                    }
                    virtual_ipaddress {
                        %s
                    }
                }
                """.formatted(name, state, vrid, priority, extra, vips);
    }

    static HostFindings host(String name, String address, String conf) {
        return HostFindings.of(name, address, conf, Map.of());
    }

    @Test
    void twoHostsWithTheSameVridInterfaceAndVipsAreAPairInTheInventorysTerms() {
        PairFinder.Result r = PairFinder.find(List.of(
                host("lb2", "10.0.0.2", conf("VI_1", "BACKUP", 51, 100, "", "10.0.0.100")),
                host("lb1", "10.0.0.1", conf("VI_1", "MASTER", 51, 150, "mcast_src_ip 10.0.0.1", "10.0.0.100/32 dev eth0"))), Set.of("lb1", "lb2"));
        assertEquals(1, r.pairs().size(), r.notes().toString());
        ImportedPair p = r.pairs().get(0);
        assertEquals("VI_1", p.name());
        assertEquals(List.of(new ImportedPair.Node("lb1", 150, "MASTER", "10.0.0.1"), new ImportedPair.Node("lb2", 100, "BACKUP", null)), p.nodes(),
                "the higher priority first; a pinned source the host's address cannot be read for is kept as the node's address");
        assertEquals(List.of("10.0.0.100/32"), p.main().vips(), "a VIP without prefix or device is the same VIP");
        assertEquals(1, p.main().advertInt(), "keepalived's default");
        assertEquals("pw1", p.main().authPass());
        assertTrue(p.main().preempt());
        assertEquals(List.of("lb2: mcast_src_ip (the interface's address) is added (the HA tree pins the advert source, so that networkd"
                + " re-adding the address cannot fault keepalived)"), p.differences());
    }

    @Test
    void whatTheHaTreeWouldNotWriteOrWouldChangeIsNamed() {
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", conf("left", "MASTER", 7, 150, "nopreempt\nmcast_src_ip 10.0.0.1\nnotify_master /usr/local/bin/up", "10.0.0.7")),
                host("b", "10.0.0.2", conf("right", "MASTER", 7, 100, "nopreempt\nmcast_src_ip 10.0.0.2", "10.0.0.7"))), Set.of("a", "b"));
        ImportedPair p = r.pairs().get(0);
        assertEquals("vrid7", p.name(), "instances named differently: the pair is named after its VRID");
        assertEquals(false, p.main().preempt());
        assertEquals(List.of("BACKUP", "BACKUP"), p.nodes().stream().map(ImportedPair.Node::state).toList());
        List<String> d = p.differences();
        assertTrue(d.contains("a: instance left is renamed vrid7") && d.contains("b: instance right is renamed vrid7"), d.toString());
        assertTrue(d.contains("a: state MASTER becomes BACKUP (keepalived ignores nopreempt on a node that starts as MASTER)"), d.toString());
        assertEquals(java.util.Map.of("master", "/usr/local/bin/up"), p.main().notifyScripts(), "a notify script is carried, the preferred node's");
        assertTrue(d.contains("b: notify_master is added /usr/local/bin/up (a's)"), d.toString());
        assertTrue(d.contains("a: global_defs gains enable_script_security and script_user keepalived_script: scripts run as that unprivileged user"), d.toString());
        assertTrue(d.stream().noneMatch(l -> l.contains("notify_master is not written")), d.toString());

        PairFinder.Result quoted = PairFinder.find(List.of(
                host("a", "10.0.0.1", conf("left", "MASTER", 7, 150, "mcast_src_ip 10.0.0.1\nnotify_backup \"/usr/local/bin/vip down\"", "10.0.0.7")),
                host("b", "10.0.0.2", conf("left", "BACKUP", 7, 100, "mcast_src_ip 10.0.0.2", "10.0.0.7"))), Set.of("a", "b"));
        ImportedPair q = quoted.pairs().get(0);
        assertEquals(java.util.Map.of(), q.main().notifyScripts());
        assertEquals(List.of("notify_backup \"/usr/local/bin/vip down\""), q.main().verbatim(), "a notify script with arguments is carried as written");
        assertTrue(q.differences().contains("b: its lines the pair model has no field for become a's (notify_backup \"/usr/local/bin/vip down\"; it had none)"),
                q.differences().toString());
    }

    @Test
    void theTreesOwnRoutesNotifyIsNeitherCarriedNorReportedLost() {
        String routes = "use_vmac\nmcast_src_ip %s\nnotify \"/usr/local/lib/hastate/vmac-fallback-routes vrrp.7 eth0\" root";
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", conf("p", "MASTER", 7, 150, routes.formatted("10.0.0.1"), "10.0.0.7")),
                host("b", "10.0.0.2", conf("p", "BACKUP", 7, 100, routes.formatted("10.0.0.2"), "10.0.0.7"))), Set.of("a", "b"));
        ImportedPair p = r.pairs().get(0);
        assertEquals(java.util.Map.of(), p.main().notifyScripts(), "not a notify of the user's");
        assertEquals(List.of(), p.main().verbatim(), "the tree writes it again where it applies: " + p.main().verbatim());
        assertTrue(p.differences().stream().noneMatch(l -> l.contains("notify")), p.differences().toString());
    }

    @Test
    void whatCannotBeAPairIsANoteAndNotImported() {
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", conf("VI_1", "MASTER", 1, 150, "", "10.0.0.10")),
                host("b", "10.0.0.2", conf("VI_1", "BACKUP", 1, 100, "", "10.0.0.10")),
                host("c", "10.0.0.3", conf("VI_1", "BACKUP", 1, 90, "", "10.0.0.10")),
                host("d", "10.0.0.4", conf("VI_2", "MASTER", 2, 150, "", "10.0.0.20")),
                host("e", "10.0.0.5", conf("VI_3", "MASTER", 3, 150, "", "10.0.0.30")),
                host("f", "10.0.0.6", conf("VI_3", "BACKUP", 3, 100, "", "10.0.0.30").replace("pw1", "zq9x")),
                HostFindings.failed("g", "unreachable: connection refused"),
                host("h", "10.0.0.8", conf("VI_4", "MASTER", 4, 150, "mcast_src_ip eth0}", "10.0.0.40")),
                host("i", "10.0.0.9", conf("VI_4", "BACKUP", 4, 100, "", "10.0.0.40"))), Set.of());
        assertEquals(List.of(), r.pairs());
        String notes = String.join("\n", r.notes());
        assertTrue(notes.contains("is on 3 hosts (a, b, c): a pair has two; not imported"), notes);
        assertTrue(notes.contains("d: instance VI_2 (VRID 2 on eth0, 10.0.0.20/32) has no peer among the hosts read; not imported"), notes);
        assertTrue(notes.contains("on e and f: the two nodes have different auth_pass"), notes);
        assertTrue(notes.contains("g: unreachable: connection refused"), notes);
        assertTrue(notes.contains("on h and i: mcast_src_ip eth0} is not an IP address; not imported"), notes);
        assertTrue(!notes.contains("pw1") && !notes.contains("zq9x"), "a password is never in a note");
    }

    @Test
    void anInstanceWhoseValuesAreNotWhatKeepalivedReadsIsRefusedWithTheReason() {
        String hostile = "X\u2028vars:\u2028  x: {command: 'id > /tmp/p; echo v'}\u2028...";
        PairFinder.Result r = PairFinder.find(List.of(
                host("a", "10.0.0.1", conf(hostile, "MASTER", 9, 150, "", "10.0.0.9")),
                host("b", "10.0.0.2", conf(hostile, "BACKUP", 9, 100, "", "10.0.0.9"))), Set.of("a", "b"));
        assertEquals(List.of(), r.pairs());
        assertEquals(2, r.notes().size(), r.notes().toString());
        for (String note : r.notes()) {
            assertTrue(note.contains("its name is not a keepalived name"), note);
            assertTrue(note.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "the note is printable ASCII: " + note);
        }
        PairFinder.Result device = PairFinder.find(List.of(
                host("a", "10.0.0.1", conf("VI_1", "MASTER", 9, 150, "", "10.0.0.9 dev e;th0")),
                host("b", "10.0.0.2", conf("VI_1", "BACKUP", 9, 100, "", "10.0.0.9 dev e;th0"))), Set.of("a", "b"));
        assertEquals(List.of(), device.pairs());
        assertTrue(device.notes().get(0).contains("names a device that is not a valid interface name"), device.notes().toString());
        PairFinder.Result keyword = PairFinder.find(List.of(
                host("a", "10.0.0.1", conf("VI_1", "MASTER", 9, 150, "notify\"x /bin/true", "10.0.0.9")),
                host("b", "10.0.0.2", conf("VI_1", "BACKUP", 9, 100, "", "10.0.0.9"))), Set.of("a", "b"));
        assertTrue(keyword.notes().get(0).contains("a keyword that is not a keepalived keyword"), keyword.notes().toString());
    }

    /** Scripts and global_defs in front of an instance, as keepalived's samples write them. */
    static String withScripts(String scripts, String instance) {
        return scripts + "\n" + instance;
    }

    @Test
    void trackedScriptsBecomeTheHealthChecksWithKeepalivedsDefaultsWrittenOut() {
        String scripts = """
                global_defs {
                    router_id lb
                }
                vrrp_script chk_haproxy {
                    script "/usr/bin/pgrep -x haproxy"
                    interval 2
                    weight -60
                }
                vrrp_script chk_backend {
                    script "/usr/local/bin/check-backend --quick"
                    timeout 3
                    user nobody
                }
                """;
        String track = "track_script {\n    chk_haproxy\n    chk_backend weight -70\n}";
        PairFinder.Result r = PairFinder.find(List.of(
                host("lb1", "10.0.0.1", withScripts(scripts, conf("VI_1", "MASTER", 51, 150, "mcast_src_ip 10.0.0.1\n" + track, "10.0.0.100"))),
                host("lb2", "10.0.0.2", withScripts(scripts, conf("VI_1", "BACKUP", 51, 100, "mcast_src_ip 10.0.0.2\n" + track, "10.0.0.100")))),
                Set.of("lb1", "lb2"));
        ImportedPair p = r.pairs().get(0);
        assertEquals(List.of(
                new io.hastate.ha.model.HealthCheck("chk_haproxy", null, "haproxy", 2, null, 1, 1, -60, io.hastate.core.model.Location.NONE),
                new io.hastate.ha.model.HealthCheck("chk_backend", "/usr/local/bin/check-backend --quick", null, 1, 3, 1, 1, -70,
                        io.hastate.core.model.Location.NONE)), p.main().checks(), "keepalived's defaults (interval 1, fall 1, rise 1), the instance's weight wins");
        List<String> d = p.differences();
        assertTrue(d.stream().noneMatch(l -> l.contains("track_script is not written")), "tracked scripts are carried: " + d);
        assertTrue(d.contains("lb1: vrrp_script chk_backend runs as keepalived_script, not nobody"), d.toString());
        assertTrue(d.contains("lb1: global_defs gains enable_script_security and script_user keepalived_script: scripts run as that unprivileged user"), d.toString());
        String yaml = PairsYaml.render(r.pairs(), x -> "secrets/x");
        assertTrue(yaml.contains("checks: {chk_haproxy: {process: haproxy, interval: 2, fall: 1, rise: 1, weight: -60}, chk_backend: {command: "
                + "/usr/local/bin/check-backend --quick, interval: 1, timeout: 3, fall: 1, rise: 1, weight: -70}}"), yaml);
    }

    @Test
    void aScriptTheModelCannotSayIsCarriedAsWrittenAndADifferentPeerIsNamed() {
        String lb1 = """
                vrrp_script chk_web {
                    script "killall -0 nginx"
                }
                vrrp_script chk_db {
                    script "/usr/bin/pgrep -x postgres"
                    weight -20 reverse
                }
                """;
        String lb2 = """
                vrrp_script chk_web {
                    script "/usr/bin/pgrep -x nginx"
                    fall 3
                }
                """;
        PairFinder.Result r = PairFinder.find(List.of(
                host("lb1", "10.0.0.1", withScripts(lb1, conf("VI_1", "MASTER", 51, 150, "mcast_src_ip 10.0.0.1\ntrack_script {\n    chk_web\n    chk_db\n}", "10.0.0.100"))),
                host("lb2", "10.0.0.2", withScripts(lb2, conf("VI_1", "BACKUP", 51, 100, "mcast_src_ip 10.0.0.2\ntrack_script {\n    chk_web\n}", "10.0.0.100")))),
                Set.of("lb1", "lb2"));
        ImportedPair p = r.pairs().get(0);
        assertEquals(List.of(), p.main().checks(), "neither of lb1's scripts can be said: the pair has no checks");
        assertEquals(List.of("track_script {", "chk_web", "chk_db", "}"), p.main().verbatim(), "lb1's tracking, as written");
        assertTrue(p.verbatim().containsAll(List.of("vrrp_script chk_web {", "script \"killall -0 nginx\"", "vrrp_script chk_db {", "weight -20 reverse")),
                "the scripts, as written at the top: " + p.verbatim());
        List<String> d = p.differences();
        assertTrue(d.stream().noneMatch(l -> l.contains("remove")), "nothing is removed: " + d);
        assertTrue(d.stream().anyMatch(l -> l.startsWith("lb2: its lines the pair model has no field for become lb1's (track_script { / chk_web / chk_db / }; "
                + "it had track_script { / chk_web / })")), d.toString());
    }
}
