package io.hastate.core.engine;

import io.hastate.core.graph.RequisiteKind;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every requisite kind against every outcome of its target: Salt's truth table. */
class RequisitesTest {
    static final StateRef A = new StateRef("a", "file", "managed", "a", Location.NONE);
    static final StateRef B = new StateRef("b", "cmd", "run", "b", Location.NONE);

    static String decide(Requisites.Outcome... outcomes) {
        Requisites.Decision d = Requisites.decide(List.of(outcomes));
        if (d instanceof Requisites.Skip) return "skip";
        if (d instanceof Requisites.NotNeeded) return "idle";
        return ((Requisites.Run) d).watchTriggers().isEmpty() ? "run" : "run+watch";
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(textBlock = """
            REQUIRE,   SKIPPED,      skip
            REQUIRE,   FAILED,       skip
            REQUIRE,   UNCHANGED,    run
            REQUIRE,   CHANGED,      run
            REQUIRE,   WOULD_CHANGE, run
            WATCH,     SKIPPED,      skip
            WATCH,     FAILED,       skip
            WATCH,     UNCHANGED,    run
            WATCH,     CHANGED,      run+watch
            WATCH,     WOULD_CHANGE, run+watch
            ONCHANGES, SKIPPED,      skip
            ONCHANGES, FAILED,       skip
            ONCHANGES, UNCHANGED,    idle
            ONCHANGES, CHANGED,      run
            ONCHANGES, WOULD_CHANGE, run
            ONFAIL,    SKIPPED,      idle
            ONFAIL,    FAILED,       run
            ONFAIL,    UNCHANGED,    idle
            ONFAIL,    CHANGED,      idle
            ONFAIL,    WOULD_CHANGE, idle
            """)
    void truthTable(RequisiteKind kind, Status target, String expected) {
        assertEquals(expected, decide(new Requisites.Outcome(kind, A, target)));
    }

    @Test
    void noRequisitesRuns() {
        assertEquals("run", decide());
    }

    @Test
    void onchangesIsAnyOf() {
        assertEquals("run", decide(new Requisites.Outcome(RequisiteKind.ONCHANGES, A, Status.UNCHANGED),
                new Requisites.Outcome(RequisiteKind.ONCHANGES, B, Status.CHANGED)));
    }

    @Test
    void onfailIsAnyOf() {
        assertEquals("run", decide(new Requisites.Outcome(RequisiteKind.ONFAIL, A, Status.UNCHANGED),
                new Requisites.Outcome(RequisiteKind.ONFAIL, B, Status.FAILED)));
    }

    @Test
    void requireIsAllOfAndNamesTheFailedTarget() {
        Requisites.Decision d = Requisites.decide(List.of(new Requisites.Outcome(RequisiteKind.REQUIRE, A, Status.UNCHANGED),
                new Requisites.Outcome(RequisiteKind.REQUIRE, B, Status.FAILED)));
        Requisites.Skip skip = assertInstanceOf(Requisites.Skip.class, d);
        assertTrue(skip.reason().contains("cmd: b failed"), skip.reason());
    }

    @Test
    void kindsCombine() {
        // require satisfied, onchanges not triggered: idle; and onchanges triggered but require failed: skip.
        assertEquals("idle", decide(new Requisites.Outcome(RequisiteKind.REQUIRE, A, Status.UNCHANGED),
                new Requisites.Outcome(RequisiteKind.ONCHANGES, B, Status.UNCHANGED)));
        assertEquals("skip", decide(new Requisites.Outcome(RequisiteKind.REQUIRE, A, Status.FAILED),
                new Requisites.Outcome(RequisiteKind.ONCHANGES, B, Status.CHANGED)));
        assertEquals("run+watch", decide(new Requisites.Outcome(RequisiteKind.WATCH, A, Status.CHANGED),
                new Requisites.Outcome(RequisiteKind.ONCHANGES, B, Status.CHANGED)));
    }

    @Test
    void watchListsOnlyTheTargetsThatChanged() {
        Requisites.Run run = assertInstanceOf(Requisites.Run.class, Requisites.decide(List.of(
                new Requisites.Outcome(RequisiteKind.WATCH, A, Status.UNCHANGED),
                new Requisites.Outcome(RequisiteKind.WATCH, B, Status.CHANGED))));
        assertEquals(List.of(B), run.watchTriggers());
    }
}
