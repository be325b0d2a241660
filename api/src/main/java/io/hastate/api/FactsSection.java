package io.hastate.api;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.NetAddresses;
import io.hastate.core.facts.SystemFacts;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunSummary;
import io.hastate.ha.keepalived.KeepalivedVersion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code hastate facts} shows: each reachable host's system facts and its keepalived, by fact. */
public record FactsSection(Map<String, Map<String, String>> hosts) implements ReportSection {

    static final List<Fact<?>> FACTS;

    static {
        List<Fact<?>> all = new ArrayList<>(SystemFacts.ALL);
        all.add(KeepalivedVersion.FACT);
        FACTS = List.copyOf(all);
    }

    static FactsSection of(RunSummary summary) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (RunSummary.HostSummary h : summary.hosts()) {
            if (h.unreachable() != null || h.failure() != null) continue;
            Map<String, String> facts = new LinkedHashMap<>();
            for (Fact<?> f : SystemFacts.ALL) {
                if (f != NetAddresses.FACT && f != SystemFacts.SYSTEMD_VERSION) facts.put(f.key(), h.observed(f).map(String::valueOf).orElse("unknown"));
            }
            facts.put("systemd", h.observed(SystemFacts.SYSTEMD_VERSION).filter(v -> v > 0).map(String::valueOf).orElse("unknown"));
            facts.put("keepalived", h.observed(KeepalivedVersion.FACT).map(String::valueOf).orElse("not installed"));
            facts.put("addresses", addresses(h.observed(NetAddresses.FACT).orElse(List.of())));
            out.put(h.name(), facts);
        }
        return new FactsSection(out);
    }

    /** One line per device: its addresses in CIDR form. */
    private static String addresses(List<NetAddresses.NetAddress> all) {
        Map<String, List<String>> byDevice = new LinkedHashMap<>();
        for (NetAddresses.NetAddress a : all) byDevice.computeIfAbsent(a.device(), d -> new ArrayList<>()).add(a.cidr());
        List<String> lines = new ArrayList<>();
        byDevice.forEach((device, cidrs) -> lines.add(device + " " + String.join(" ", cidrs)));
        return String.join("\n", lines);
    }

    @Override
    public String name() {
        return "facts";
    }

    @Override
    public String title() {
        return "FACTS";
    }

    @Override
    public Object json() {
        return hosts;
    }

    @Override
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        hosts.forEach((host, facts) -> {
            out.add("  " + host);
            facts.forEach((k, v) -> {
                if (v.contains("\n")) {
                    out.add("    " + k + ":");
                    for (String line : v.split("\n")) out.add("      " + line);
                } else {
                    out.add("    " + k + ": " + v);
                }
            });
        });
        return out;
    }

    @Override
    public Outcome outcome() {
        return Outcome.OK;
    }
}
