package io.hastate.watch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class HostStatesTest {
    static final Instant T = Instant.parse("2026-12-06T04:00:00Z");

    static List<String> kinds(List<WatchEvent> events) {
        return events.stream().map(e -> e.kind() + " " + e.pair() + " " + e.host()).toList();
    }

    @Test
    void aPairMemberFoundAgainByACheckRoundIsToldUpOnceAndNotAgainByItsMonitor() {
        HostStates states = new HostStates(List.of("p1a", "p1b"), h -> "pair1");
        assertEquals(List.of("HOST_DOWN pair1 p1b"), kinds(states.down("p1b", "connection refused", T)), "down at the start is news");
        assertEquals(List.of(), kinds(states.down("p1b", "connection refused", T.plusSeconds(1))), "told once");
        assertEquals(java.util.Set.of(), states.answering());

        assertEquals(List.of("HOST_UP pair1 p1b"), kinds(states.checked("p1b", 0, T.plusSeconds(20))), "a check round reached it first");
        assertEquals(List.of(), kinds(states.up("p1b", T.plusSeconds(31))), "its monitor, connected later, says nothing new");
        assertEquals(java.util.Set.of("p1b"), states.answering());
    }

    @Test
    void aHostFoundAtTheStartIsNotNewsAndDriftIsToldWhenItStartsAndEnds() {
        HostStates states = new HostStates(List.of("l1"), h -> null);
        assertEquals(List.of(), kinds(states.up("l1", T)));
        assertEquals(List.of(), kinds(states.checked("l1", 0, T)));
        assertEquals(List.of("DRIFT null l1"), kinds(states.checked("l1", 2, T.plusSeconds(3))));
        assertEquals(List.of(), kinds(states.checked("l1", 1, T.plusSeconds(6))), "still drifted");
        assertEquals(List.of("IN_SYNC null l1"), kinds(states.checked("l1", 0, T.plusSeconds(9))));
        assertEquals(List.of("HOST_DOWN null l1"), kinds(states.down("l1", "gone", T.plusSeconds(12))));
        assertEquals(List.of("HOST_UP null l1"), kinds(states.up("l1", T.plusSeconds(15))));
    }
}
