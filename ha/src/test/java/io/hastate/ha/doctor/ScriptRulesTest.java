package io.hastate.ha.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HA026 and HA027 on keepalived.conf files as the lab hosts had them (the shapes of keepalived's own samples). */
class ScriptRulesTest {
    static final String CHECKED = """
            vrrp_script chk_haproxy {
                script "/usr/bin/killall -0 haproxy"   # cheaper than pidof
                interval 2
            }
            vrrp_instance VI_1 {
                interface eth0
                notify_master "/etc/keepalived/to-master.sh VI_1"
                track_script {
                    chk_haproxy
                }
            }
            """;

    static Evidence on(String version, String conf, String programs) {
        return RulesTest.parse("systemd=252\nnetworkd=active\nlinks=eth0:configured\nkeep=KeepConfiguration=yes\nkeepalived=Keepalived v" + version
                + " (01/16,2022)\nconf=" + RulesTest.b64(conf) + "\ntest=0\ntestout=\naddrs=\nlinks_json=\n"
                + (programs == null ? "" : "programs=" + RulesTest.b64(programs) + "\n"));
    }

    static Finding only(String rule, Evidence e) {
        List<Finding> found = Rules.examine("p1a", RulesTest.PAIR, e).stream().filter(f -> f.rule().equals(rule)).toList();
        assertEquals(1, found.size(), rule + " in " + Rules.examine("p1a", RulesTest.PAIR, e));
        return found.get(0);
    }

    static boolean has(String rule, Evidence e) {
        return Rules.examine("p1a", RulesTest.PAIR, e).stream().anyMatch(f -> f.rule().equals(rule));
    }

    @Test
    void scriptsWithoutSecuritySayWhatEachVersionDoesWithThem() {
        assertTrue(only("HA026", on("2.1.5", CHECKED, null)).risk().contains("give"), "2.1 runs them as root");
        assertTrue(only("HA026", on("2.2.7", CHECKED, null)).risk().contains("keepalived -t exits 6"));
        Finding v23 = only("HA026", on("2.3.3", CHECKED, null));
        assertTrue(v23.risk().contains("never moves the VIP"), v23.risk());
        assertTrue(v23.evidence().startsWith("2 script or notify line(s), no enable_script_security"), v23.evidence());
    }

    @Test
    void scriptSecurityWithAnUnprivilegedUserIsQuietAndRootIsNot() {
        String secure = "global_defs {\n    enable_script_security\n    script_user keepalived_script\n}\n" + CHECKED;
        assertTrue(!has("HA026", on("2.3.3", secure, null)));
        String root = secure.replace("script_user keepalived_script", "script_user root");
        assertTrue(only("HA026", on("2.2.7", root, null)).evidence().contains("script_user root"));
        assertTrue(!has("HA026", on("2.3.3", "vrrp_instance VI_1 {\n    interface eth0\n    # notify_master /x.sh\n}\n", null)),
                "a commented line runs nothing");
    }

    static final String TRACKS_PROCESS = """
            vrrp_track_process chk_haproxy {   # kernel process events
                process haproxy
            }
            vrrp_instance VI_1 {
                interface eth0
                track_process {
                    chk_haproxy
                }
            }
            """;

    static Evidence inContainer(String container, String conf) {
        return RulesTest.parse("systemd=252\nnetworkd=active\nlinks=eth0:configured\nkeep=KeepConfiguration=yes\nconf=" + RulesTest.b64(conf)
                + "\ntest=0\ntestout=\naddrs=\nlinks_json=\ncontainer=" + container + "\n");
    }

    @Test
    void trackProcessInAContainerIsNamedWithTheContainerAndTheBlocks() {
        Finding f = only("HA028", inContainer("systemd-nspawn", TRACKS_PROCESS));
        assertEquals("p1a runs in a container (systemd-nspawn); keepalived.conf tracks process(es) with vrrp_track_process chk_haproxy",
                f.evidence());
        assertTrue(f.risk().contains("stays FAULT"), f.risk());
        assertTrue(!has("HA028", inContainer("none", TRACKS_PROCESS)), "a host outside a container hears process events");
        assertTrue(!has("HA028", inContainer("lxc", CHECKED)), "a script check works in a container");
        assertTrue(only("HA028", inContainer("lxc\u001b[2J", TRACKS_PROCESS)).evidence().contains("(unknown)"),
                "a host's odd answer is not shown as is");
    }

    @Test
    void aProgramMissingOnTheHostIsNamed() {
        Finding f = only("HA027", on("2.2.7", CHECKED, "ok:/usr/bin/killall\nmissing:/etc/keepalived/to-master.sh\n"));
        assertTrue(f.evidence().startsWith("/etc/keepalived/to-master.sh: not an executable file on p1a"), f.evidence());
        assertTrue(!has("HA027", on("2.2.7", CHECKED, "ok:/usr/bin/killall\nok:/etc/keepalived/to-master.sh\n")));
        Finding odd = only("HA027", on("2.2.7", CHECKED, "missing:/tmp/\u001b[2Jx\n"));
        assertTrue(odd.evidence().startsWith("/tmp/\\x1b[2Jx"), "a host's name for a program is shown escaped: " + odd.evidence());
    }

    @Test
    void aCheckedProcessNeitherInstalledNorRunningIsNamedApartFromPrograms() {
        Finding f = only("HA027", on("2.2.7", CHECKED, "ok:/usr/bin/pgrep\nmissing:process:haproxy\n"));
        assertEquals("process check of haproxy: neither a program in the PATH nor running on p1a", f.evidence());
        assertTrue(!has("HA027", on("2.2.7", CHECKED, "ok:/usr/bin/pgrep\nok:process:haproxy\n")));
    }
}
