package io.hastate.watch;

import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.Mode;
import io.hastate.core.report.RunSummary;
import io.hastate.ha.doctor.Finding;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RisksTest {
    static final Instant T = Instant.parse("2026-12-01T06:00:00Z");
    final Risks risks = new Risks(h -> h.startsWith("p1") ? "pair1" : null);

    static RunSummary round(String unreachable) {
        RunSummary s = new RunSummary();
        s.on(new EngineEvent.RunStarted(Mode.CHECK, List.of("p1a", "p1b")));
        if (unreachable != null) s.on(new EngineEvent.HostUnreachable(unreachable, "connection lost"));
        return s;
    }

    static Finding finding(String rule, String host) {
        return new Finding(rule, "title of " + rule, host, "evidence", "risk", "fix");
    }

    @Test
    void aFindingIsARiskOnceAndGoneWhenNoLongerFound() {
        List<WatchEvent> first = risks.update(List.of(finding("HA002", "p1a")), round(null), T);
        assertEquals(1, first.size());
        assertEquals(WatchEvent.Kind.RISK, first.get(0).kind());
        assertEquals("pair1", first.get(0).pair());
        assertEquals("HA002 title of HA002 (evidence)", first.get(0).detail());
        assertEquals(List.of("HA002"), risks.on("p1a"));

        assertEquals(List.of(), risks.update(List.of(finding("HA002", "p1a")), round(null), T), "still there: nothing new");

        List<WatchEvent> gone = risks.update(List.of(), round(null), T);
        assertEquals(List.of(WatchEvent.Kind.RISK_GONE), gone.stream().map(WatchEvent::kind).toList());
        assertEquals("p1a", gone.get(0).host());
        assertEquals(List.of(), risks.on("p1a"));
    }

    @Test
    void aHostThatCouldNotBeReadKeepsItsFindings() {
        risks.update(List.of(finding("HA001", "p1b")), round(null), T);
        assertEquals(List.of(), risks.update(List.of(), round("p1b"), T));
        assertEquals(List.of("HA001"), risks.on("p1b"));
    }
}
