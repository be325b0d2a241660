package io.hastate.watch;

import io.hastate.ha.model.Pair;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the watch has seen, rendered: Prometheus metrics and the status page's JSON document. */
record WatchReadout(Collection<PairTracker> pairs, Map<String, HostState> hostStates, Set<String> drained, Risks risks,
                    DriftBook driftBook, Duration lastCheck) {

    /** The Prometheus metrics of the pairs and hosts at {@code now}. */
    String metrics(Instant now) {
        Metrics m = new Metrics();
        m.family("hastate_pair_vip_holders", "gauge", "How many nodes of the pair hold the VIP now (1 is healthy).");
        pairs.forEach(p -> p.holderCounts().forEach((vip, n) -> m.sample("hastate_pair_vip_holders", n, "pair", p.name(), "vip", vip)));
        m.family("hastate_pair_transitions_total", "counter", "Moves of the pair's first VIP seen by the watch.");
        pairs.forEach(p -> m.sample("hastate_pair_transitions_total", p.transitions(), "pair", p.name()));
        m.family("hastate_pair_outage_seconds_total", "counter", "Seconds during which some VIP of the pair was held by nobody.");
        pairs.forEach(p -> m.sample("hastate_pair_outage_seconds_total", p.outageTotal(now).toMillis() / 1000.0, "pair", p.name()));
        m.family("hastate_host_up", "gauge", "Whether the watch reaches the host.");
        hostStates.forEach((h, s) -> m.sample("hastate_host_up", s.up() ? 1 : 0, "host", h));
        m.family("hastate_host_drift_states", "gauge", "States that differ from the declared ones at the last check (-1: not checked yet).");
        hostStates.forEach((h, s) -> m.sample("hastate_host_drift_states", s.driftStates(), "host", h));
        m.family("hastate_host_drained", "gauge", "Whether the host is a drained pair member (hastate drain) at the last check.");
        hostStates.keySet().forEach(h -> m.sample("hastate_host_drained", drained.contains(h) ? 1 : 0, "host", h));
        m.family("hastate_host_risks", "gauge", "The doctor's findings on the host at the last check: risks that make a VIP disappear.");
        hostStates.keySet().forEach(h -> m.sample("hastate_host_risks", risks.on(h).size(), "host", h));
        m.family("hastate_check_duration_seconds", "gauge", "How long the last full check round took.");
        m.sample("hastate_check_duration_seconds", lastCheck.toMillis() / 1000.0);
        return m.text();
    }

    /** The live view at {@code now}: each pair's holders and problems, each host's reachability and drift. */
    Map<String, Object> status(Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> pairList = new ArrayList<>();
        for (PairTracker p : pairs) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("holders", p.holders());
            pm.put("outage", p.inOutage());
            pm.put("split_brain", p.splitBrain());
            pm.put("transitions", p.transitions());
            pm.put("outage_seconds", p.outageTotal(now).toMillis() / 1000.0);
            pm.put("nodes", nodes(p));
            pairList.add(pm);
        }
        out.put("pairs", pairList);
        List<Object> hostList = new ArrayList<>();
        hostStates.forEach((h, s) -> hostList.add(Map.of("name", h, "up", s.up(), "reason", s.reason(), "drift_states", s.driftStates(),
                "drifted", driftBook.states(h), "drained", drained.contains(h), "risks", risks.on(h))));
        out.put("hosts", hostList);
        out.put("updated_at", now.toString());
        return out;
    }

    /** A pair's nodes for the status page: keepalived's state, the declared priority, which one the main instance prefers, drained. */
    private List<Object> nodes(PairTracker tracker) {
        Pair pair = tracker.pair();
        String preferred = pair.preferred(pair.vrrp()).host();
        List<Object> out = new ArrayList<>();
        tracker.nodeStates().forEach((host, state) -> out.add(Map.of("host", host, "state", state,
                "priority", pair.node(host).orElseThrow().priority(), "preferred", host.equals(preferred), "drained", drained.contains(host))));
        return out;
    }
}
