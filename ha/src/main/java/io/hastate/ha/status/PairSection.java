package io.hastate.ha.status;

import io.hastate.ha.model.Pairs;
import io.hastate.core.facts.Fact;
import io.hastate.core.model.Inventory;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunSummary;
import io.hastate.core.facts.NetAddresses;
import io.hastate.ha.facts.KeepalivedProcess;
import io.hastate.ha.keepalived.DrainMark;
import io.hastate.ha.keepalived.InstanceMarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pairs' live status as a report section: a pair with a problem fails the run. */
public record PairSection(List<PairStatus> pairs) implements ReportSection {

    /** What a pair member reads along with its states so that its pair can be judged. */
    public static List<Fact<?>> observations(Inventory inv, String host) {
        return Pairs.first(inv, host).<List<Fact<?>>>map(p -> List.of(NetAddresses.FACT, KeepalivedProcess.FACT, DrainMark.FACT, InstanceMarks.DRAINED)).orElse(List.of());
    }

    public static PairSection of(Inventory inv, RunSummary summary) {
        return new PairSection(PairStatus.of(inv, summary));
    }

    @Override
    public String name() {
        return "pairs";
    }

    @Override
    public String title() {
        return "PAIRS (live)";
    }

    @Override
    public Object json() {
        List<Object> out = new ArrayList<>();
        for (PairStatus p : pairs) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.pair());
            Map<String, Object> vips = new LinkedHashMap<>();
            p.vips().forEach((vip, holders) -> vips.put(vip, holders.stream().map(h -> Map.of("host", h.host(), "device", h.device())).toList()));
            pm.put("vips", vips);
            pm.put("drained", p.drained());
            pm.put("problems", p.problems());
            out.add(pm);
        }
        return out;
    }

    @Override
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (PairStatus p : pairs) {
            p.vips().forEach((vip, holders) -> out.add("  " + p.pair() + "  " + vip + "  "
                    + (holders.isEmpty() ? "held by nobody" : String.join(", ", holders.stream().map(h -> h.host() + " (" + h.device() + ")").toList()))));
            for (String node : p.drained()) {
                // "p1b (for api)": a node drained for some of its pair's instances only.
                String text = node.contains(" (for ") ? node.replace(" (for ", " drained for ").replace(")", "") + ": it gives those VIPs up"
                        : node + " drained: it gives its VIPs up";
                out.add("  " + p.pair() + "  " + text + " and takes them back when undrained");
            }
            for (String problem : p.problems()) out.add("  " + p.pair() + "  PROBLEM: " + problem);
        }
        return out;
    }

    @Override
    public Outcome outcome() {
        if (pairs.stream().anyMatch(PairStatus::outage)) return Outcome.FAILED;
        return pairs.stream().allMatch(PairStatus::ok) ? Outcome.OK : Outcome.DRIFT;
    }
}
