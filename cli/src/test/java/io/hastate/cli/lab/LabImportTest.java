package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brownfield import on two Debian generations: a Debian 11 pair (multicast, preempting, a password, no
 * protection) and a Debian 13 pair (unicast, nopreempt, KeepConfiguration by hand) configured over
 * plain SSH, as an operator would without hastate. hastate import recognises both pairs, and a check
 * of the HA tree on the imported inventory finds in keepalived.conf exactly the differences in meaning
 * the import named, and none for the pair it said means the same.
 */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabImportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void handConfiguredPairs() throws Exception {
        Lab.requireRunning();
        Lab.restart(List.of("bullseye", "trixie"), 0);
        for (String[] n : new String[][] {{"p1a", "MASTER", "150"}, {"p1b", "BACKUP", "100"}}) {
            byHand(n[0], """
                    global_defs {
                       router_id %s
                    }

                    vrrp_instance VI_1 {
                        state %s
                        interface eth0
                        virtual_router_id 51
                        priority %s
                        advert_int 1
                        authentication {
                            auth_type PASS
                            auth_pass s3cr3t
                        }
                        virtual_ipaddress {
                            %s.100.1/32
                        }
                    }
                    """.formatted(n[0], n[1], n[2], Lab.NET));
        }
        String p2a = Lab.address("p2a"), p2b = Lab.address("p2b");
        for (String[] n : new String[][] {{"p2a", "200", p2a, p2b}, {"p2b", "100", p2b, p2a}}) {
            Lab.ssh(n[0], "mkdir -p /etc/systemd/network/10-eth0.network.d && printf '[Network]\\nKeepConfiguration=yes\\n' "
                    + "> /etc/systemd/network/10-eth0.network.d/keep.conf && networkctl reload");
            byHand(n[0], """
                    ! written by hand, with a health check as keepalived's samples write one
                    global_defs {
                        enable_script_security
                        script_user nobody
                    }
                    vrrp_script chk_sshd {
                        script "/usr/bin/pgrep -x sshd"
                        interval 2
                        weight -150
                    }
                    vrrp_instance web_vip {
                        state BACKUP
                        interface eth0
                        virtual_router_id 52
                        priority %s
                        advert_int 2
                        nopreempt
                        unicast_src_ip %s
                        unicast_peer {
                            %s
                        }
                        track_script {
                            chk_sshd
                        }
                        virtual_ipaddress {
                            %s.100.2/32 dev eth0
                        }
                    }
                    """.formatted(n[1], n[2], n[3], Lab.NET));
        }
        assertTrue(Lab.awaitAddress("p1a", Lab.NET + ".100.1/32", 10), "the hand-made Debian 11 pair runs");
        assertTrue(Lab.awaitAddress("p2a", Lab.NET + ".100.2/32", 15) || Lab.awaitAddress("p2b", Lab.NET + ".100.2/32", 1), "the hand-made Debian 13 pair runs");
    }

    /** keepalived.conf written and keepalived started over plain SSH, not by hastate. */
    static void byHand(String host, String conf) throws Exception {
        Lab.Result r = Lab.ssh(host, "cat > /etc/keepalived/keepalived.conf <<'EOF'\n" + conf + "EOF\nsystemctl restart keepalived");
        assertEquals(0, r.exit(), r.err());
    }

    @AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    @Test
    void bothPairsAreImportedAndTheCheckFindsExactlyTheDifferencesTheImportNamed() throws Exception {
        // The lab's hosts, without its pairs: what an operator's host list looks like.
        String lab = Files.readString(Lab.INVENTORY);
        Path hosts = Files.writeString(dir.resolve("hosts.yaml"), lab.substring(0, lab.indexOf("\npairs:") + 1));
        Path imported = dir.resolve("imported.yaml");

        Lab.Result run = hastate("import", "-i", hosts.toString(), "--out", imported.toString());
        assertEquals(0, run.exit(), run.err());
        String text = Files.readString(imported);
        assertFalse(text.contains("s3cr3t") || run.out().contains("s3cr3t") || run.err().contains("s3cr3t"), "the password is in no output and not in the inventory");
        Path secret = dir.resolve("secrets/VI_1.auth_pass");
        assertEquals("s3cr3t", Files.readString(secret).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));

        JsonNode pairs = JSON.readTree(hastate("inventory", "-i", imported.toString(), "--format", "json").out()).get("pairs");
        assertEquals(2, pairs.size(), pairs.toString());
        JsonNode v1 = pairs.get(0);
        assertEquals("VI_1", v1.get("name").asText(), "the pair keeps the instance's name");
        assertEquals(51, v1.get("virtual_router_id").asInt(), v1.toString());
        assertEquals("none", v1.get("protection").asText(), "Debian 11 pair: nothing kept networkd off its VIP");
        assertTrue(v1.get("preempt").asBoolean());
        assertEquals("p1a MASTER 150, p1b BACKUP 100", nodes(v1));
        JsonNode web = pairs.get(1);
        assertEquals("web_vip", web.get("name").asText());
        assertEquals("keep-configuration", web.get("protection").asText(), web.toString());
        assertTrue(web.get("unicast").asBoolean());
        assertFalse(web.get("preempt").asBoolean());
        assertEquals(2, web.get("advert_int").asInt());
        assertEquals("p2a BACKUP 200, p2b BACKUP 100", nodes(web));

        String p1a = Lab.address("p1a"), p1b = Lab.address("p1b");
        assertTrue(run.err().contains("apply would change: p1a: mcast_src_ip " + p1a + " is added"), run.err());
        assertTrue(run.err().contains("apply would change: p1b: mcast_src_ip " + p1b + " is added"), run.err());
        // The health check is carried; only the user it runs as changes, and the import says so.
        JsonNode check0 = web.get("checks").get(0);
        assertEquals("chk_sshd process sshd interval 2 fall 1 rise 1 weight -150", check0.get("name").asText() + " process " + check0.get("process").asText()
                + " interval " + check0.get("interval").asInt() + " fall " + check0.get("fall").asInt() + " rise " + check0.get("rise").asInt()
                + " weight " + check0.get("weight").asInt(), web.toString());
        for (String h : List.of("p2a", "p2b")) {
            assertTrue(run.err().contains("apply would change: " + h + ": global_defs gains enable_script_security and script_user keepalived_script: scripts run as that unprivileged user (script_user was nobody)"), run.err());
        }
        assertFalse(run.err().contains("track_script is not written"), run.err());

        Lab.Result check = hastate("check", "-i", imported.toString(), "--states", Lab.states().toString(), "-l", "full", "ha", "--format", "json");
        Map<String, List<String>> meaning = meaningChanges(JSON.readTree(check.out()));
        // Pair 2 keeps foreign configuration on networkd: its masters gain backstop routes, and the import says so.
        String backstop = "instance web_vip virtual_routes: null -> " + Lab.NET + ".0.0/16 dev eth0 scope link metric 4294967092 protocol static no_track";
        for (String h : List.of("p2a", "p2b")) {
            assertTrue(run.err().contains("apply would change: " + h + ": virtual_routes gains the master's backstop routes (eth0's network and gateway"), run.err());
        }
        assertFalse(run.err().contains("p1a: virtual_routes") || run.err().contains("p1b: virtual_routes"), "pair 1 is imported unprotected: " + run.err());
        assertEquals(Map.of("p1a", List.of("instance VI_1 mcast_src_ip: null -> " + p1a), "p1b", List.of("instance VI_1 mcast_src_ip: null -> " + p1b),
                "p2a", List.of("global_defs script_user: nobody -> keepalived_script", backstop), "p2b", List.of("global_defs script_user: nobody -> keepalived_script", backstop)),
                meaning, "the keepalived.conf differences in meaning, per host");
        System.out.println("MEASURED import of 2 hand-made pairs (Debian 11, Debian 13 with a health check): " + meaning);

        // Apply keeps the check: the same script, tracked by the pair's instance, under the pair's name.
        Lab.Result apply = hastate("apply", "-i", imported.toString(), "--states", Lab.states().toString(), "-l", "web_vip", "ha");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        for (String h : List.of("p2a", "p2b")) {
            String conf = Lab.ssh(h, "cat /etc/keepalived/keepalived.conf").out();
            assertTrue(conf.contains("vrrp_script web_vip_chk_sshd {") && conf.contains("script \"/usr/bin/pgrep -x sshd\"") && conf.contains("weight -150")
                    && conf.matches("(?s).*track_script \\{\\s*web_vip_chk_sshd\\s*}.*"), h + ": " + conf);
        }
        assertEquals(0, hastate("check", "-i", imported.toString(), "--states", Lab.states().toString(), "-l", "web_vip", "ha").exit());
    }

    /**
     * Two real hosts whose keepalived.conf names its instance with YAML after U+2028 line breaks: the
     * import refuses the instance by name, writes none of it, and runs nothing on the controller.
     */
    @Test
    void aHostileInstanceNameOnRealHostsIsRefusedAndRunsNothing() throws Exception {
        Path marker = dir.resolve("ran");
        String hostile = "X\u2028vars:\u2028  x: {command: 'touch " + marker + "; echo v'}\u2028...";
        for (String host : List.of("p1a", "p1b")) {
            Lab.Result r = Lab.ssh(host, "cat > /etc/keepalived/hostile.conf <<'EOF'\nvrrp_instance " + hostile
                    + " {\n  state BACKUP\n  interface eth0\n  virtual_router_id 99\n  priority 100\n  virtual_ipaddress {\n    " + Lab.NET + ".100.99/32\n  }\n}\nEOF");
            assertEquals(0, r.exit(), r.err());
        }
        String lab = Files.readString(Lab.INVENTORY);
        Path hosts = Files.writeString(dir.resolve("hosts.yaml"), lab.substring(0, lab.indexOf("\npairs:") + 1));
        Path imported = dir.resolve("imported.yaml");
        Lab.Result run = hastate("import", "-i", hosts.toString(), "-l", "p1a,p1b", "--conf", "/etc/keepalived/hostile.conf", "--out", imported.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("p1a: instance X\\u2028vars:") && run.err().contains("its name is not a keepalived name"), run.err());
        assertFalse(Files.exists(marker), "the host's text ran a command on the controller");
        String text = Files.readString(imported);
        assertTrue(text.endsWith("# Added by hastate import.\npairs: {}\n") && !text.contains("command"), "nothing of the host's text: " + text);
        assertEquals(0, hastate("inventory", "-i", imported.toString()).exit());
        assertFalse(Files.exists(marker), "the host's text ran a command on the controller");
    }

    static String nodes(JsonNode pair) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : pair.get("nodes")) out.add(n.get("host").asText() + " " + n.get("state").asText() + " " + n.get("priority").asInt());
        return String.join(", ", out);
    }

    /** Per host, the keepalived.conf changes a check reports beyond its text diff: what changes in meaning. */
    static Map<String, List<String>> meaningChanges(JsonNode report) {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode h : report.get("hosts")) {
            List<String> changes = new ArrayList<>();
            for (JsonNode s : h.get("states")) {
                if (!s.get("function").asText().equals("keepalived.config")) continue;
                for (JsonNode c : s.get("changes")) {
                    if (!c.get("key").asText().equals("config")) changes.add(c.get("key").asText() + ": " + c.get("before").asText() + " -> " + c.get("after").asText());
                }
            }
            out.put(h.get("name").asText(), changes);
        }
        return out;
    }
}
