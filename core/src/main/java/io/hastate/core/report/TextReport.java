package io.hastate.core.report;

import io.hastate.core.model.Change;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The human report: per host, the states that changed, would change, failed or were skipped (all
 * states with {@code verbose}), each change as {@code key: before -> after} or a unified diff, then
 * a recap line per host and the total time.
 */
public final class TextReport implements Report {
    private final boolean verbose;
    private final Paint paint;
    private PrintWriter out;

    public TextReport(boolean verbose) {
        this(verbose, false);
    }

    /** {@code colour}: statuses, diffs and the verdict in colour, for a terminal. */
    public TextReport(boolean verbose, boolean colour) {
        this.verbose = verbose;
        this.paint = new Paint(colour);
    }

    @Override
    public synchronized void write(RunReport report, PrintWriter to) {
        this.out = to;
        RunSummary summary = report.summary();
        for (RunSummary.HostSummary h : summary.hosts()) printHost(h);
        for (ReportSection section : report.sections()) {
            if (section.stepwise()) {
                if (section.steps().isEmpty()) continue;
                out.println();
                out.println(section.title());
                for (ReportSection.Step step : section.steps()) {
                    out.println("  " + step.subject() + "  " + (step.problem() ? paint.red("PROBLEM: " + step.message()) : step.message()));
                }
                continue;
            }
            if (section.lines().isEmpty()) continue;
            out.println();
            out.println(section.title());
            section.lines().forEach(out::println);
        }
        out.println();
        out.println("RECAP (" + summary.kind() + ")");
        int width = summary.hosts().stream().mapToInt(h -> h.name().length()).max().orElse(4);
        for (RunSummary.HostSummary h : summary.hosts()) {
            String name = String.format("  %-" + width + "s  ", h.name());
            if (h.unreachable() != null) {
                out.println(name + paint.red("UNREACHABLE  " + h.unreachable()));
                continue;
            }
            if (h.failure() != null) {
                out.println(name + paint.red("FAILED  " + h.failure()));
                continue;
            }
            if (h.results().isEmpty()) {
                out.printf(Locale.ROOT, "%sread  (%.2f s)%n", name, h.duration().toMillis() / 1000.0);
                continue;
            }
            Map<Status, Integer> c = h.counts();
            String counts = String.format(Locale.ROOT, "ok=%d changed=%d would_change=%d failed=%d skipped=%d", c.get(Status.UNCHANGED),
                    c.get(Status.CHANGED), c.get(Status.WOULD_CHANGE), c.get(Status.FAILED), c.get(Status.SKIPPED));
            out.printf(Locale.ROOT, "%s%s  (%.2f s)%n", name, c.get(Status.FAILED) > 0 ? paint.red(counts)
                    : c.get(Status.CHANGED) + c.get(Status.WOULD_CHANGE) > 0 ? paint.yellow(counts) : paint.green(counts), h.duration().toMillis() / 1000.0);
        }
        String verdict = String.format(Locale.ROOT, "%s (exit %d)", ExitCodes.describe(report), report.exitCode());
        out.printf(Locale.ROOT, "%d host(s) in %.2f s: %s%n", summary.hosts().size(), summary.duration().toMillis() / 1000.0,
                report.exitCode() == 0 ? paint.green(verdict) : report.exitCode() == 2 ? paint.yellow(verdict) : paint.red(verdict));
        out.flush();
    }

    private void printHost(RunSummary.HostSummary h) {
        // A host that only had facts read (doctor, facts) has nothing of its own to show.
        if (h.results().isEmpty() && h.unreachable() == null && h.failure() == null) return;
        out.println();
        out.println("== " + h.name());
        if (h.unreachable() != null) {
            out.println("  " + paint.red("UNREACHABLE: " + h.unreachable()));
        }
        if (h.failure() != null) {
            out.println("  " + paint.red("FAILED: " + h.failure()));
        }
        boolean any = false;
        for (StateResult r : h.results()) {
            if (r.status() == Status.UNCHANGED && !verbose) continue;
            any = true;
            out.printf("  %s %s  [%s]%n", paint.status(r.status(), String.format("%-12s", r.status().label())), r.state().label(), r.state().location());
            if (!r.comment().isEmpty()) out.println("      " + r.comment());
            for (Change c : r.changes()) printChange(c);
        }
        if (!any && h.unreachable() == null && h.failure() == null) out.println("  all " + h.results().size() + " states in sync");
    }

    private void printChange(Change c) {
        changeLines(c).forEach(line -> out.println("      " + paint.diffLine(line)));
    }

    /** A change as the text report shows it: {@code key: before -> after}, or the key over its diff. */
    public static java.util.List<String> changeLines(Change c) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (c.detail() != null && !c.detail().isEmpty()) {
            lines.add(c.key() + ":");
            for (String line : c.detail().split("\n", -1)) {
                if (!line.isEmpty()) lines.add("  " + line);
            }
            return lines;
        }
        lines.add(c.key() + ": " + show(c.before()) + " -> " + show(c.after()));
        return lines;
    }

    private static String show(String v) {
        if (v == null) return "(none)";
        String oneLine = v.replace("\n", "\\n");
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }
}
