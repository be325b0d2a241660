package io.hastate.cli;

import io.hastate.core.report.JsonReport;
import io.hastate.core.report.Report;
import io.hastate.core.report.TextReport;

/** The report formats; picocli refuses any other value as invalid input. */
enum OutputFormat {
    text, json;

    Report report(boolean verbose) {
        return this == json ? new JsonReport() : new TextReport(verbose);
    }
}
