package io.hastate.ha.doctor;

import java.util.Comparator;
import java.util.List;

/** One risk found on one host: which rule, what was seen, what can happen, and the state that fixes it. */
public record Finding(String rule, String title, String host, String evidence, String risk, String remediation) {

    /** The order reports list findings in: by host, then rule. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::host).thenComparing(Finding::rule);

    /** The finding as report lines, each starting with {@code indent}. */
    public List<String> lines(String indent) {
        return List.of(indent + rule + "  " + host + "  " + title,
                indent + "    seen:  " + evidence,
                indent + "    risk:  " + risk,
                indent + "    fix:   " + remediation);
    }
}
