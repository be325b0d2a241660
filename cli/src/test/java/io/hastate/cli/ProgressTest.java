package io.hastate.cli;

import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.EngineListener;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    static final StateResult FAILED = new StateResult(new StateRef("conf", "file", "managed", "/etc/x", new Location("s.yaml", 3)),
            Status.FAILED, List.of(), "apply failed: disk full", Duration.ofMillis(5));

    static final StateResult CHANGED = new StateResult(new StateRef("pkg", "pkg", "installed", "keepalived", new Location("s.yaml", 1)),
            Status.CHANGED, List.of(), "", Duration.ofMillis(5));

    static String shown(int verbosity, boolean quiet, boolean terminal, boolean noColor) {
        StringWriter err = new StringWriter();
        EngineListener p = Progress.choose(new PrintWriter(err, true), verbosity, quiet, terminal, noColor);
        p.on(new EngineEvent.HostStarted("lb1"));
        p.on(new EngineEvent.StateFinished("lb1", CHANGED));
        p.on(new EngineEvent.StateFinished("lb1", FAILED));
        p.on(new io.hastate.ha.rollout.RolloutStep("web", io.hastate.ha.rollout.RolloutStep.Kind.PLANNED, "lb2 first, then lb1", false));
        p.on(new EngineEvent.HostFinished("lb1", Duration.ofMillis(1250), 1));
        return err.toString();
    }

    @Test
    void onATerminalEventsAppearAsTheyHappenInColourUnlessNoColor() {
        String coloured = shown(0, false, true, false);
        assertTrue(coloured.contains("\u001b[31mlb1  failed  file.managed /etc/x (conf): apply failed: disk full"), coloured);
        assertTrue(coloured.contains("hastate: lb1  done (1.25 s)"), coloured);
        assertTrue(coloured.contains("hastate: lb1  changed  pkg.installed keepalived (pkg)"), coloured);
        String plain = shown(0, false, true, true);
        assertFalse(plain.contains("\u001b["), plain);
        assertEquals(4, plain.lines().count(), plain);
    }

    @Test
    void withoutATerminalEachHostStartsAndEndsAndWhatFailedIsToldVerboseShowsAllAndQuietNothing() {
        String log = shown(0, false, false, false);
        assertEquals(List.of("hastate: lb1  started", "hastate: lb1  failed  file.managed /etc/x (conf): apply failed: disk full",
                "hastate: web  lb2 first, then lb1", "hastate: lb1  done (1.25 s)"), log.lines().toList());
        String verbose = shown(1, false, false, false);
        assertTrue(verbose.contains("hastate: lb1  changed  pkg.installed keepalived (pkg)"), verbose);
        assertFalse(verbose.contains("started"), "a terminal's or -v's lines say each change instead");
        assertTrue(verbose.contains("hastate: web  lb2 first, then lb1"), verbose);
        assertFalse(verbose.contains("\u001b["), "no colour without a terminal");
        assertEquals("", shown(2, true, true, false));
    }
}
