package io.hastate.core.report;

import io.hastate.core.run.Mode;

import java.util.List;

/**
 * Every exit code hastate uses, decided in this one place.
 * <pre>
 * 0  in sync (check) or applied and verified (apply)
 * 1  a state failed, a host was unreachable, or a report section found a failure (a pair's outage)
 * 2  check mode found drift, or a section found a risk (the doctor); or a check or apply evaluated
 *    nothing at all (as Salt's "no top file matches"): an empty run is not a clean one
 * 3  invalid input: bad inventory, state file or option; no host was contacted
 * 4  internal error (a bug in hastate; rerun with --debug)
 * 5  apply --plan refused a stale plan: a host changed since check --out made it; nothing was changed
 * 130 interrupted (Ctrl-C): the report shows what was done before
 * </pre>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int DRIFT = 2;
    public static final int INVALID_INPUT = 3;
    public static final int INTERNAL_ERROR = 4;
    public static final int STALE_PLAN = 5;
    /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    public static int of(RunSummary summary) {
        return of(summary, List.of());
    }

    /** The one place a run's exit code is decided: failures first, then drift (check mode) or a section's risk. */
    public static int of(RunSummary summary, List<ReportSection> sections) {
        if (summary.anyFailed() || sections.stream().anyMatch(s -> s.outcome() == ReportSection.Outcome.FAILED)) return FAILED;
        if (summary.mode() == Mode.CHECK && summary.anyDrift()) return DRIFT;
        if (sections.stream().anyMatch(s -> s.outcome() == ReportSection.Outcome.DRIFT)) return DRIFT;
        if (nothingEvaluated(summary, sections)) return DRIFT;
        return OK;
    }

    /** No state on any host, and no section (a pair's status) that judged anything. */
    static boolean nothingEvaluated(RunSummary summary, List<ReportSection> sections) {
        return summary.noStateEvaluated() && sections.stream().allMatch(s -> s.lines().isEmpty());
    }

    /** The run's outcome in words: as {@link #describe(int)}, or why nothing was evaluated. */
    public static String describe(RunReport report) {
        if (report.exitCode() == DRIFT && nothingEvaluated(report.summary(), report.sections())) {
            return "nothing evaluated: no state is assigned to the hosts selected";
        }
        return describe(report.exitCode());
    }

    public static String describe(int code) {
        return switch (code) {
            case OK -> "ok";
            case FAILED -> "failed";
            case DRIFT -> "drift found";
            case INVALID_INPUT -> "invalid input";
            case INTERRUPTED -> "interrupted";
            case STALE_PLAN -> "stale plan";
            default -> "internal error";
        };
    }
}
