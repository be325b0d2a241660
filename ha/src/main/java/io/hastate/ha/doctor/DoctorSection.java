package io.hastate.ha.doctor;

import io.hastate.ha.model.Pairs;
import io.hastate.core.facts.Fact;
import io.hastate.core.model.Inventory;
import io.hastate.ha.model.Pair;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunSummary;

import io.hastate.ha.model.Vip;
import io.hastate.ha.model.Vrrp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The doctor's findings as a report section: any finding is a risk (exit 2 when nothing failed). A pair
 * member whose facts could not be read was not examined: that is no "no risk", and fails the run.
 */
public record DoctorSection(List<Finding> findings, int examined, List<String> notExamined) implements ReportSection {
    public DoctorSection {
        findings = findings.stream().sorted(Finding.ORDER).toList();
        notExamined = List.copyOf(notExamined);
    }

    /** What a pair member reads for the doctor, along with its states in one round trip: the evidence of each interface its instances use. */
    public static List<Fact<?>> observations(Inventory inv, String host) {
        return interfaces(inv, host).keySet().stream().flatMap(iface -> Evidence.facts(iface).stream()).distinct().toList();
    }

    /** Each interface a host's instances (of all its pairs) are on, with the VIPs they put there. */
    static Map<String, List<Vip>> interfaces(Inventory inv, String host) {
        Map<String, List<Vip>> out = new LinkedHashMap<>();
        for (Pair p : Pairs.of(inv, host)) {
            for (Vrrp v : p.instances()) out.computeIfAbsent(v.iface(), i -> new ArrayList<>()).addAll(v.vips());
        }
        return out;
    }

    /** The findings on every pair member the run observed. */
    public static DoctorSection of(Inventory inv, RunSummary summary) {
        List<Finding> findings = new ArrayList<>();
        List<String> notExamined = new ArrayList<>();
        int examined = 0;
        for (RunSummary.HostSummary h : summary.hosts()) {
            Map<String, List<Vip>> interfaces = interfaces(inv, h.name());
            if (interfaces.isEmpty()) continue;
            List<Finding> own = new ArrayList<>();
            boolean read = true;
            for (Map.Entry<String, List<Vip>> iface : interfaces.entrySet()) {
                var evidence = Evidence.of(iface.getKey(), h::observed);
                if (evidence.isEmpty()) {
                    read = false;
                    break;
                }
                own.addAll(Rules.examine(h.name(), new Rules.InterfaceView(iface.getKey(), iface.getValue()), evidence.get()));
            }
            if (!read) {
                notExamined.add(h.name());
                continue;
            }
            examined++;
            // A rule about the host itself (its keepalived, its upgrades) says so once, whichever interface it was read with.
            own.stream().distinct().forEach(findings::add);
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
