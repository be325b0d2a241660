package io.hastate.core.report;

import java.util.List;

/**
 * A part of a run's report besides the hosts' states, such as the pairs' live status or the doctor's
 * findings. It renders itself for both formats and says what it adds to the exit code.
 */
public interface ReportSection {

    enum Outcome { OK, DRIFT, FAILED }

    /** The member of the JSON document, e.g. {@code pairs}. */
    String name();

    /** The heading in the text report, e.g. {@code PAIRS (live)}. */
    String title();

    /** The JSON value: records, lists and maps Jackson can write. */
    Object json();

    /** The text report's lines under the title; none leaves the section out of the text report. */
    List<String> lines();

    Outcome outcome();
}
