package io.hastate.cli;

import io.hastate.core.report.JUnitReport;
import io.hastate.core.report.JsonReport;
import io.hastate.core.report.Report;
import io.hastate.core.report.TextReport;

/** The report formats of a run (check, apply, doctor, facts); picocli refuses any other value as invalid input. */
enum OutputFormat {
    text, json, junit;

    /** {@code colour}: the text report in colour (a terminal without NO_COLOR); other formats never are. */
    Report report(boolean verbose, boolean colour) {
        return switch (this) {
            case json -> new JsonReport();
            case junit -> new JUnitReport();
            case text -> new TextReport(verbose, colour);
        };
    }
}
