package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The doctor on real pairs: an unprotected pair is flagged, the same pair is clean once the HA tree protects it. */
@Tag("lab")
class LabDoctorTest {
    /** Later test classes expect the lab as run-tests starts it: blank hosts, one pair, two light hosts. */
    @org.junit.jupiter.api.AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    static List<String> rules(Lab.Result r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(r.out()).get("findings")) out.add(f.get("rule").asText() + " " + f.get("host").asText());
        return out;
    }

    @Test
    void unprotectedPairIsFlaggedAndCleanAfterTheTree(@TempDir Path tmp) throws Exception {
        Lab.restart(1, 2);
        Path states = Lab.script().getParent().getParent().resolve("states");
        Path unprotected = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("none")), "none");
        assertEquals(0, hastate("apply", "-i", unprotected.toString(), "--states", states.toString(), "-l", "full", "ha").exit());
        Lab.Result before = hastate("doctor", "-i", unprotected.toString(), "--format", "json");
        assertEquals(2, before.exit(), before.out() + before.err());
        List<String> found = rules(before);
        assertTrue(found.containsAll(List.of("HA001 p1a", "HA001 p1b", "HA002 p1a", "HA002 p1b")), found.toString());

        Path ifupdown = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("ifupdown")), "ifupdown");
        assertEquals(0, hastate("apply", "-i", ifupdown.toString(), "--states", states.toString(), "-l", "full", "ha").exit());
        Lab.Result after = hastate("doctor", "-i", ifupdown.toString(), "--format", "json");
        assertEquals(0, after.exit(), after.out());
        assertEquals(List.of(), rules(after));
    }
}
