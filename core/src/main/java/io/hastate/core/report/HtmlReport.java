package io.hastate.core.report;

import io.hastate.core.model.Change;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run as one self-contained HTML page (no script, no outside resource), to keep or send: the pairs
 * first, then the other sections, the rollout, a table of the hosts, and each host's drift and failures
 * with their diffs. It shows what the text report shows, never more: hidden values stay hidden.
 */
public final class HtmlReport implements Report {
    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse}td,th{padding:.2em .7em;border-bottom:1px solid #eee;text-align:left}
            pre{background:#f6f6f6;padding:.6em;overflow-x:auto;margin:.3em 0}
            .ok{color:#17692b}.drift{color:#8a5a00}.failed{color:#b00020}.skipped{color:#666}
            .add{color:#17692b}.del{color:#b00020}.hunk{color:#555}
            .state{margin:.8em 0 .8em 1em}.where{color:#666;font-size:.9em}
            """;

    @Override
    public void write(RunReport report, PrintWriter out) {
        out.print(render(report));
        out.flush();
    }

    public String render(RunReport report) {
        RunSummary summary = report.summary();
        String mode = summary.kind();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>hastate ").append(mode).append(" report</title><style>").append(STYLE).append("</style></head><body>\n");
        b.append("<h1>hastate ").append(mode).append(": <span class=\"").append(outcomeClass(report.exitCode())).append("\">")
                .append(esc(ExitCodes.describe(report))).append("</span> (exit ").append(report.exitCode()).append(")</h1>\n");
        b.append("<p>").append(summary.hosts().size()).append(" host(s)");
        if (summary.startedAt() != null) b.append(", started ").append(esc(summary.startedAt().toString()));
        b.append(String.format(Locale.ROOT, ", %.2f s", summary.duration().toMillis() / 1000.0)).append(", hastate ")
                .append(esc(io.hastate.core.Version.text())).append("</p>\n");
        List<ReportSection> sections = new ArrayList<>(report.sections().stream().filter(s -> !s.stepwise()).toList());
        sections.sort(Comparator.comparing(s -> !s.name().equals("pairs")));
        for (ReportSection s : sections) section(b, s);
        for (ReportSection s : report.sections()) if (s.stepwise()) steps(b, s);
        hostsTable(b, summary);
        for (RunSummary.HostSummary h : summary.hosts()) hostDetail(b, h);
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void section(StringBuilder b, ReportSection s) {
        if (s.lines().isEmpty()) return;
        String cls = switch (s.outcome()) {
            case OK -> "ok";
            case DRIFT -> "drift";
            case FAILED -> "failed";
        };
        b.append("<h2 id=\"").append(esc(s.name())).append("\">").append(esc(s.title())).append(" <span class=\"").append(cls)
                .append("\">").append(cls).append("</span></h2>\n<pre>");
        for (String line : s.lines()) b.append(esc(line.strip().isEmpty() ? line : line.replaceFirst("^  ", ""))).append('\n');
        b.append("</pre>\n");
    }

    private static void steps(StringBuilder b, ReportSection s) {
        if (s.steps().isEmpty()) return;
        b.append("<h2 id=\"").append(esc(s.name())).append("\">").append(esc(s.title())).append("</h2>\n<ol>\n");
        for (ReportSection.Step step : s.steps()) {
            b.append("<li").append(step.problem() ? " class=\"failed\"" : "").append('>').append(esc(step.subject())).append(": ")
                    .append(step.problem() ? "problem: " : "").append(esc(step.message())).append("</li>\n");
        }
        b.append("</ol>\n");
    }

    private static void hostsTable(StringBuilder b, RunSummary summary) {
        b.append("<h2 id=\"hosts\">Hosts</h2>\n<table><tr><th>host</th><th>result</th><th>ok</th><th>changed</th>")
                .append("<th>would change</th><th>failed</th><th>skipped</th><th>time</th></tr>\n");
        for (RunSummary.HostSummary h : summary.hosts()) {
            Map<Status, Integer> c = h.counts();
            String result = hostResult(h);
            b.append("<tr><td><a href=\"#host-").append(esc(h.name())).append("\">").append(esc(h.name())).append("</a></td><td class=\"")
                    .append(result.startsWith("unreachable") || result.equals("failed") ? "failed" : result.equals("drift") ? "drift" : "ok")
                    .append("\">").append(esc(result)).append("</td>");
            for (Status s : List.of(Status.UNCHANGED, Status.CHANGED, Status.WOULD_CHANGE, Status.FAILED, Status.SKIPPED)) {
                b.append("<td>").append(c.get(s)).append("</td>");
            }
            b.append(String.format(Locale.ROOT, "<td>%.2f s</td></tr>%n", h.duration().toMillis() / 1000.0));
        }
        b.append("</table>\n");
    }

    private static String hostResult(RunSummary.HostSummary h) {
        if (h.unreachable() != null) return "unreachable";
        if (h.failure() != null || h.counts().get(Status.FAILED) > 0) return "failed";
        if (h.counts().get(Status.WOULD_CHANGE) > 0) return "drift";
        if (h.counts().get(Status.CHANGED) > 0) return "changed";
        return h.results().isEmpty() ? "read" : "in sync";
    }

    private static void hostDetail(StringBuilder b, RunSummary.HostSummary h) {
        List<StateResult> shown = h.results().stream().filter(r -> r.status() != Status.UNCHANGED).toList();
        if (shown.isEmpty() && h.unreachable() == null && h.failure() == null) return;
        b.append("<h2 id=\"host-").append(esc(h.name())).append("\">").append(esc(h.name())).append("</h2>\n");
        if (h.unreachable() != null) b.append("<p class=\"failed\">unreachable: ").append(esc(h.unreachable())).append("</p>\n");
        if (h.failure() != null) b.append("<p class=\"failed\">failed: ").append(esc(h.failure())).append("</p>\n");
        for (StateResult r : shown) {
            b.append("<div class=\"state\"><b class=\"").append(statusClass(r.status())).append("\">").append(esc(r.status().label()))
                    .append("</b> ").append(esc(r.state().label())).append(" <span class=\"where\">").append(esc(r.state().location().toString()))
                    .append("</span>");
            if (!r.comment().isEmpty()) b.append("<div>").append(esc(r.comment())).append("</div>");
            for (Change c : r.changes()) change(b, c);
            b.append("</div>\n");
        }
        int inSync = h.results().size() - shown.size();
        if (inSync > 0) b.append("<p class=\"ok\">").append(inSync).append(" other state(s) in sync</p>\n");
    }

    private static void change(StringBuilder b, Change c) {
        b.append("<pre>");
        for (String line : TextReport.changeLines(c)) {
            String bare = line.startsWith("  ") ? line.substring(2) : line;
            String cls = bare.startsWith("+") && !bare.startsWith("+++") ? "add" : bare.startsWith("-") && !bare.startsWith("---") ? "del"
                    : bare.startsWith("@@") ? "hunk" : null;
            if (cls != null) b.append("<span class=\"").append(cls).append("\">").append(esc(line)).append("</span>\n");
            else b.append(esc(line)).append('\n');
        }
        b.append("</pre>");
    }

    private static String statusClass(Status s) {
        return switch (s) {
            case UNCHANGED, CHANGED -> "ok";
            case WOULD_CHANGE -> "drift";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
        };
    }

    private static String outcomeClass(int exitCode) {
        return exitCode == ExitCodes.OK ? "ok" : exitCode == ExitCodes.DRIFT ? "drift" : "failed";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
