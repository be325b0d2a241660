package io.hastate.cli;

import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.EngineListener;
import io.hastate.core.model.Status;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The engine's events on stderr as they happen: each host as it finishes, each state that changed or
 * failed, each rollout step. Colours only on a terminal and never with NO_COLOR set. Without a terminal
 * (a CI log, a pipe) only each host's start and end and what failed: a long run is not silent, and a
 * large fleet's log stays short.
 */
final class Progress implements EngineListener {
    private final PrintWriter err;
    private final boolean colour;
    private final boolean startsAndEndsOnly;

    Progress(PrintWriter err, boolean colour, boolean startsAndEndsOnly) {
        this.err = err;
        this.colour = colour;
        this.startsAndEndsOnly = startsAndEndsOnly;
    }

    /** What progress is shown: everything on a terminal or with {@code -v}, starts and ends otherwise, nothing with {@code -q}. */
    static EngineListener choose(PrintWriter err, int verbosity, boolean quiet, boolean terminal, boolean noColor) {
        if (quiet) return event -> {};
        boolean full = terminal || verbosity > 0;
        return new Progress(err, terminal && !noColor, !full);
    }

    @Override
    public synchronized void on(EngineEvent event) {
        String line = null;
        if (event instanceof EngineEvent.HostStarted h) {
            if (startsAndEndsOnly) line = h.host() + "  started";
        } else if (startsAndEndsOnly && event instanceof EngineEvent.StateFinished s && s.result().status() == Status.CHANGED) {
            return;
        } else if (event instanceof EngineEvent.StateFinished s && s.result().status() == Status.FAILED) {
            line = paint(RED, s.host() + "  failed  " + s.result().state().label() + ": " + s.result().comment());
        } else if (event instanceof EngineEvent.StateFinished s && s.result().status() == Status.CHANGED) {
            line = s.host() + "  changed  " + s.result().state().label();
        } else if (event instanceof EngineEvent.HostUnreachable u) {
            line = paint(RED, u.host() + "  UNREACHABLE  " + u.reason());
        } else if (event instanceof EngineEvent.HostFailed f) {
            line = paint(RED, f.host() + "  FAILED  " + f.reason());
        } else if (event instanceof EngineEvent.HostFinished f) {
            line = f.host() + String.format(Locale.ROOT, "  done (%.2f s)", f.duration().toMillis() / 1000.0);
        } else if (event instanceof EngineEvent.Extension r) {
            line = paint(r.problem() ? RED : CYAN, r.line());
        }
        if (line == null) return;
        err.println("hastate: " + line);
        err.flush();
    }

    private static final String RED = "\u001b[31m";
    private static final String CYAN = "\u001b[36m";

    private String paint(String colourCode, String text) {
        return colour ? colourCode + text + "\u001b[0m" : text;
    }
}
