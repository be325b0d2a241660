package io.hastate.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AlertsTest {
    @TempDir
    Path dir;

    @Test
    void problemsAndRecoveriesReachTheCommandAsJsonAndInformationDoesNot() throws Exception {
        Path got = dir.resolve("alerts");
        List<String> complaints = new ArrayList<>();
        try (Alerts alerts = new Alerts("cat >> " + got + "; exit 0", complaints::add)) {
            Instant t = Instant.parse("2026-12-01T06:00:00Z");
            alerts.accept(new WatchEvent(t, WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 10.0.0.9/32"));
            alerts.accept(new WatchEvent(t, WatchEvent.Kind.VIP_MOVED, "web", null, "moved"));
            alerts.accept(new WatchEvent(t.plusSeconds(2), WatchEvent.Kind.OUTAGE_OVER, "web", null, "lasted 2000 ms"));
        }
        List<String> lines = Files.readAllLines(got);
        assertEquals(2, lines.size(), lines.toString());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("outage", first.get("kind").asText());
        assertEquals("web", first.get("pair").asText());
        assertEquals(true, first.get("problem").asBoolean());
        assertEquals("outage_over", new ObjectMapper().readTree(lines.get(1)).get("kind").asText());
        assertEquals(List.of(), complaints);
    }

    @Test
    void aFailingCommandIsReported() throws Exception {
        List<String> complaints = new ArrayList<>();
        try (Alerts alerts = new Alerts("exit 7", complaints::add)) {
            alerts.accept(new WatchEvent(Instant.now(), WatchEvent.Kind.HOST_DOWN, "web", "lb1", "connection refused"));
        }
        assertEquals(List.of("alert command exited 7 for host_down"), complaints);
    }
}
