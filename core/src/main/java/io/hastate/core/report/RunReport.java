package io.hastate.core.report;

import java.util.List;

/** Everything a report shows about one run: the hosts' results, the extra sections, the exit code. */
public record RunReport(RunSummary summary, List<ReportSection> sections, int exitCode) {
    public RunReport {
        sections = List.copyOf(sections);
    }

    /** The report of a finished run; its exit code follows from the results and the sections. */
    public static RunReport of(RunSummary summary, List<ReportSection> sections) {
        return new RunReport(summary, sections, ExitCodes.of(summary, sections));
    }

    public RunReport withExitCode(int code) {
        return new RunReport(summary, sections, code);
    }
}
