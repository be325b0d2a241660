package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.hastate.cli.lab.Lab.hastate;
import static io.hastate.cli.lab.Lab.ssh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The doctor on real pairs: an unprotected pair is flagged, the same pair is clean once the HA tree protects it. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabDoctorTest {
    /** Later test classes expect the lab as run-tests starts it: blank hosts, one pair, two light hosts. */
    @org.junit.jupiter.api.AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    @Test
    void unprotectedPairIsFlaggedAndCleanAfterTheTree(@TempDir Path tmp) throws Exception {
        Lab.restart(1, 2);
        Path states = Lab.states();
        Path unprotected = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("none")), "none");
        // Blank hosts: keepalived installed, no configuration yet, so no pinned advert source.
        List<String> blank = Lab.findings(hastate("doctor", "-i", unprotected.toString(), "--format", "json"));
        assertTrue(blank.containsAll(List.of("HA002 p1a", "HA002 p1b")), blank.toString());
        assertEquals(0, hastate("apply", "-i", unprotected.toString(), "--states", states.toString(), "-l", "full", "ha").exit());
        assertTrue(ssh("p1a", "grep mcast_src_ip /etc/keepalived/keepalived.conf").out().contains("mcast_src_ip " + Lab.address("p1a")),
                "the tree pins the node's own address");
        Lab.Result before = hastate("doctor", "-i", unprotected.toString(), "--format", "json");
        assertEquals(2, before.exit(), before.out() + before.err());
        List<String> found = Lab.findings(before);
        assertTrue(found.containsAll(List.of("HA001 p1a", "HA001 p1b")), found.toString());
        assertTrue(found.stream().noneMatch(f -> f.startsWith("HA002")), "a pinned source is safe from reconfigures: " + found);
        // check --doctor reads the same evidence with the states' facts: in sync, but the risks make it exit 2.
        Lab.Result checked = hastate("check", "-i", unprotected.toString(), "--states", states.toString(), "-l", "full",
                "--doctor", "--format", "json", "ha");
        assertEquals(2, checked.exit(), checked.out() + checked.err());
        assertEquals(found, Lab.findings(checked));

        Path kept = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("keep")), "keep-configuration");
        assertEquals(0, hastate("apply", "-i", kept.toString(), "--states", states.toString(), "-l", "full", "ha").exit());
        Lab.Result safe = hastate("doctor", "-i", kept.toString(), "--format", "json");
        assertEquals(List.of(), Lab.findings(safe), "the default protection with a pinned source is clean: " + safe.out());

        Path ifupdown = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("ifupdown")), "ifupdown");
        assertEquals(0, hastate("apply", "-i", ifupdown.toString(), "--states", states.toString(), "-l", "full", "ha").exit());
        Lab.Result after = hastate("doctor", "-i", ifupdown.toString(), "--format", "json");
        assertEquals(0, after.exit(), after.out());
        assertEquals(List.of(), Lab.findings(after));
        Lab.Result clean = hastate("check", "-i", ifupdown.toString(), "--states", states.toString(), "-l", "full",
                "--doctor", "--format", "json", "ha");
        assertEquals(0, clean.exit(), clean.out());
        assertEquals(List.of(), Lab.findings(clean));

        // Live pair state in check: one holder, then split brain made by hand, then no master.
        Lab.awaitAddress("p1a", Lab.NET + ".100.1/32", 6);
        JsonNode healthy = pairs(hastate("check", "-i", ifupdown.toString(), "--states", states.toString(), "-l", "full", "--format", "json", "ha"));
        assertEquals("p1a", healthy.get("vips").get(Lab.NET + ".100.1/32").get(0).get("host").asText());
        assertEquals(0, healthy.get("problems").size());

        Lab.ssh("p1b", "sed -i 's/auth_pass .*/auth_pass wrongpw/' /etc/keepalived/keepalived.conf && systemctl reload keepalived");
        Lab.awaitAddress("p1b", Lab.NET + ".100.1/32", 8);
        Lab.Result split = hastate("check", "-i", ifupdown.toString(), "--states", states.toString(), "-l", "full", "--format", "json", "ha");
        assertEquals(1, split.exit(), "split brain fails the check");
        assertEquals("split brain: " + Lab.NET + ".100.1/32 is held by p1a and p1b", pairs(split).get("problems").get(0).asText());

        // p1a gone: p1b serves, but the pair has no standby.
        Lab.ssh("p1a", "systemctl stop keepalived");
        JsonNode degraded = pairs(hastate("check", "-i", ifupdown.toString(), "--states", states.toString(), "-l", "full", "--format", "json", "ha"));
        assertEquals("p1b", degraded.get("vips").get(Lab.NET + ".100.1/32").get(0).get("host").asText());
        assertEquals("held by p1b, but p1a has the higher priority and preempts: keepalived on p1a is stopped or in FAULT, so the pair has no standby",
                degraded.get("problems").get(0).asText());

        Lab.ssh("p1b", "systemctl stop keepalived");
        JsonNode none = pairs(hastate("check", "-i", ifupdown.toString(), "--states", states.toString(), "-l", "full", "--format", "json", "ha"));
        assertEquals("no master: nobody holds " + Lab.NET + ".100.1/32", none.get("problems").get(0).asText());
    }

    static JsonNode pairs(Lab.Result r) throws Exception {
        return new ObjectMapper().readTree(r.out()).get("pairs").get(0);
    }
}
