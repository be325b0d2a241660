package io.hastate.ha.doctor;

import io.hastate.core.facts.Fact;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Pair;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunSummary;

import java.util.ArrayList;
import java.util.List;

/** The doctor's findings as a report section: any finding is a risk (exit 2 when nothing failed). */
public record DoctorSection(List<Finding> findings) implements ReportSection {
    public DoctorSection {
        findings = findings.stream().sorted(Finding.ORDER).toList();
    }

    /** What a pair member reads for the doctor, along with its states in one round trip. */
    public static List<Fact<?>> observations(Inventory inv, String host) {
        return inv.pairOf(host).map(p -> Evidence.facts(p.vrrp().iface())).orElse(List.of());
    }

    /** The findings on every pair member the run observed. */
    public static DoctorSection of(Inventory inv, RunSummary summary) {
        List<Finding> findings = new ArrayList<>();
        for (RunSummary.HostSummary h : summary.hosts()) {
            Pair pair = inv.pairOf(h.name()).orElse(null);
            if (pair == null) continue;
            Evidence.of(pair.vrrp().iface(), h::observed)
                    .ifPresent(e -> findings.addAll(Rules.examine(h.name(), Rules.PairView.of(pair.vrrp()), e)));
            findings.addAll(CheckRules.decorativeChecks(h.name(), pair));
        }
        return new DoctorSection(findings);
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
        if (findings.isEmpty()) return List.of("  no risk found");
        List<String> out = new ArrayList<>();
        for (Finding f : findings) out.addAll(f.lines("  "));
        return out;
    }

    @Override
    public Outcome outcome() {
        return findings.isEmpty() ? Outcome.OK : Outcome.DRIFT;
    }
}
