package io.hastate.core.report;

import java.io.PrintWriter;

/** A report format: writes a finished run. Adding a format is one class implementing this. */
public interface Report {
    void write(RunReport report, PrintWriter out);
}
