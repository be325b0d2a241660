package io.hastate.ha.doctor;

import io.hastate.ha.model.Pairs;
import io.hastate.core.facts.Fact;
import io.hastate.core.model.Inventory;
import io.hastate.ha.model.Pair;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * The doctor's findings as a report section: any finding is a risk (exit 2 when nothing failed). A pair
 * member whose facts could not be read was not examined: that is no "no risk", and fails the run.
 */
public record DoctorSection(List<Finding> findings, int examined, List<String> notExamined) implements ReportSection {
    public DoctorSection {
        findings = findings.stream().sorted(Finding.ORDER).toList();
        notExamined = List.copyOf(notExamined);
    }

    /** What a pair member reads for the doctor, along with its states in one round trip. */
    public static List<Fact<?>> observations(Inventory inv, String host) {
        return Pairs.first(inv, host).map(p -> Evidence.facts(p.vrrp().iface())).orElse(List.of());
    }

    /** The findings on every pair member the run observed. */
    public static DoctorSection of(Inventory inv, RunSummary summary) {
        List<Finding> findings = new ArrayList<>();
        List<String> notExamined = new ArrayList<>();
        int examined = 0;
        for (RunSummary.HostSummary h : summary.hosts()) {
            Pair pair = Pairs.first(inv, h.name()).orElse(null);
            if (pair == null) continue;
            var evidence = Evidence.of(pair.vrrp().iface(), h::observed);
            if (evidence.isEmpty()) {
                notExamined.add(h.name());
                continue;
            }
            examined++;
            findings.addAll(Rules.examine(h.name(), Rules.PairView.of(pair.vrrp()), evidence.get()));
            // A node of several pairs: its checks in each of them.
            for (Pair each : Pairs.of(inv, h.name())) findings.addAll(CheckRules.decorativeChecks(h.name(), each));
        }
        return new DoctorSection(findings, examined, notExamined);
    }

    @Override
    public String name() {
        return "findings";
    }

    @Override
    public String title() {
        return "DOCTOR";
    }

    @Override
    public Object json() {
        return findings;
    }

    @Override
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (!notExamined.isEmpty()) out.add("  not examined (its facts could not be read): " + String.join(", ", notExamined));
        if (findings.isEmpty()) out.add(examined == 0 ? "  no pair member examined" : "  no risk found on " + examined + " pair member(s)");
        for (Finding f : findings) out.addAll(f.lines("  "));
        return out;
    }

    @Override
    public Outcome outcome() {
        if (!notExamined.isEmpty()) return Outcome.FAILED;
        return findings.isEmpty() ? Outcome.OK : Outcome.DRIFT;
    }
}
