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

    /** One step of a section made of steps: what it is about, what happened, whether it is a problem. */
    record Step(String subject, String message, boolean problem) {}

    /** Whether the section is a list of steps (a rollout's), shown step by step and left out when it has none. */
    default boolean stepwise() {
        return false;
    }

    /** The steps of a stepwise section, in order. */
    default List<Step> steps() {
        return List.of();
    }
}
