package io.hastate.watch;

import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.ha.model.Vip;
import io.hastate.ha.status.PairStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pair as the watch sees it, updated with each look at one of its nodes: who holds each VIP, and
 * when that is a problem (nobody: an outage; both: split brain; a device other than the protection's).
 * It counts the moves of each instance (its VIPs move together) and the time spent in outages, and says
 * what changed as events.
 */
final class PairTracker {
    private final Pair pair;
    private final Map<String, NodeView> nodes = new HashMap<>();
    private Map<String, List<String>> holders = Map.of();
    private Instant outageSince;
    /** The date of the last look taken in. */
    private Duration outages = Duration.ZERO;
    private boolean splitBrain;
    private boolean wrongDevice;
    private long transitions;
    private final java.util.Set<String> keepalivedDown = new java.util.HashSet<>();
    /** When the pair's nodes changed VRRP state lately: more than {@link #FLAPS} within {@link #FLAP_WINDOW} is flapping. */
    private final java.util.Deque<Instant> stateChanges = new java.util.ArrayDeque<>();
    private boolean flapping;
    static final int FLAPS = 4;
    /** What happened on the nodes lately (keepalived's state, a node lost): an outage starting soon after names it as its cause. */
    private final java.util.Deque<Map.Entry<Instant, String>> recent = new java.util.ArrayDeque<>();
    static final Duration CAUSE_WINDOW = Duration.ofSeconds(10);
    static final Duration FLAP_WINDOW = Duration.ofSeconds(60);

    PairTracker(Pair pair) {
        this.pair = pair;
    }

    String name() {
        return pair.name();
    }

    /**
     * Takes in a fresh look at {@code host}; returns what changed for the pair. Looks at the two nodes
     * may come back out of the order of their dates: each event keeps the date of what it tells.
     */
    synchronized List<WatchEvent> update(String host, NodeView view, Instant at) {
        List<WatchEvent> events = new ArrayList<>();
        NodeView before = nodes.put(host, view);
        if (before != null && view.vrrpState() != null && before.vrrpState() != null && !view.vrrpState().equals(before.vrrpState())) {
            events.add(new WatchEvent(at, WatchEvent.Kind.KEEPALIVED_STATE, pair.name(), host, before.vrrpState() + " -> " + view.vrrpState()));
            stateChanges.addLast(at);
            recent.addLast(Map.entry(at, host + " keepalived " + before.vrrpState() + " -> " + view.vrrpState()));
        }
        if (!view.reachable() && (before == null || before.reachable())) recent.addLast(Map.entry(at, host + " unreachable"));
        if (view.reachable() && before == null && "STOPPED".equals(view.vrrpState())) recent.addLast(Map.entry(at, host + " keepalived not running"));
        while (!recent.isEmpty() && recent.peekFirst().getKey().isBefore(at.minus(CAUSE_WINDOW))) recent.removeFirst();
        keepalivedHealth(host, view, at, events);
        flapping(at, events);
        // Judged only once both nodes have been seen.
        if (pair.nodes().stream().anyMatch(n -> !nodes.containsKey(n.host()))) return events;
        Map<String, List<String>> now = new LinkedHashMap<>();
        boolean anyOnWrongDevice = false;
        List<String> wrongDevices = new ArrayList<>();
        for (Vip v : pair.vips()) {
            List<String> devices = PairStatus.expectedDevices(pair.instanceOf(v), v);
            List<String> h = new ArrayList<>();
            for (PairNode n : pair.nodes()) {
                String dev = nodes.get(n.host()).deviceOf(v.address());
                if (dev == null) continue;
                h.add(n.host());
                if (!devices.contains(dev)) {
                    anyOnWrongDevice = true;
                    wrongDevices.add(String.join(" or ", devices));
                }
            }
            now.put(v.cidr(), List.copyOf(h));
        }
        // Each instance's VIPs move together: its first VIP tells its moves.
        for (var instance : pair.instances()) {
            String first = instance.vips().get(0).cidr();
            List<String> was = holders.get(first);
            if (was != null && !was.equals(now.get(first))) {
                transitions++;
                String which = pair.severalInstances() ? instance.name() + " (" + first + ")" : first;
                events.add(new WatchEvent(at, WatchEvent.Kind.VIP_MOVED, pair.name(), null, which + " held by " + describe(was) + " -> " + describe(now.get(first))));
            }
        }
        holders = now;
        boolean outage = now.values().stream().anyMatch(List::isEmpty);
        if (outage && outageSince == null) {
            outageSince = at;
            String after = recent.isEmpty() ? "" : "; after " + String.join(", ", recent.stream().map(Map.Entry::getValue).toList());
            events.add(new WatchEvent(at, WatchEvent.Kind.OUTAGE, pair.name(), null, "nobody holds " + String.join(", ", unheld(now)) + after));
        } else if (!outage && outageSince != null) {
            // The look that saw the outage begin may be dated after this one (looks at the two nodes come back
            // out of order): an outage never ends before it began.
            Instant end = at.isBefore(outageSince) ? outageSince : at;
            Duration lasted = Duration.between(outageSince, end);
            outages = outages.plus(lasted);
            outageSince = null;
            events.add(new WatchEvent(end, WatchEvent.Kind.OUTAGE_OVER, pair.name(), null, "lasted " + lasted.toMillis() + " ms"));
        }
        boolean split = now.values().stream().anyMatch(l -> l.size() > 1);
        if (split != splitBrain) {
            splitBrain = split;
            events.add(new WatchEvent(at, split ? WatchEvent.Kind.SPLIT_BRAIN : WatchEvent.Kind.SPLIT_BRAIN_OVER, pair.name(), null,
                    split ? "both nodes hold " + String.join(", ", now.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList()) : ""));
        }
        if (anyOnWrongDevice != wrongDevice) {
            wrongDevice = anyOnWrongDevice;
            events.add(new WatchEvent(at, anyOnWrongDevice ? WatchEvent.Kind.WRONG_DEVICE : WatchEvent.Kind.WRONG_DEVICE_OVER, pair.name(), null,
                    anyOnWrongDevice ? "a VIP is not on " + wrongDevices.get(0) : ""));
        }
        return events;
    }

    /** keepalived stopped or in FAULT on a node is a problem of its own: the pair has no standby, or no master. */
    private void keepalivedHealth(String host, NodeView view, Instant at, List<WatchEvent> events) {
        boolean down = view.reachable() && ("FAULT".equals(view.vrrpState()) || "STOPPED".equals(view.vrrpState()));
        boolean up = view.reachable() && ("MASTER".equals(view.vrrpState()) || "BACKUP".equals(view.vrrpState()));
        if (down && keepalivedDown.add(host)) {
            events.add(new WatchEvent(at, WatchEvent.Kind.KEEPALIVED_DOWN, pair.name(), host, "keepalived is " + view.vrrpState()));
        } else if (up && keepalivedDown.remove(host)) {
            events.add(new WatchEvent(at, WatchEvent.Kind.KEEPALIVED_UP, pair.name(), host, "keepalived is " + view.vrrpState()));
        }
    }

    private void flapping(Instant at, List<WatchEvent> events) {
        while (!stateChanges.isEmpty() && stateChanges.peekFirst().isBefore(at.minus(FLAP_WINDOW))) stateChanges.removeFirst();
        boolean now = stateChanges.size() >= FLAPS;
        if (now != flapping) {
            flapping = now;
            events.add(new WatchEvent(at, now ? WatchEvent.Kind.FLAPPING : WatchEvent.Kind.FLAPPING_OVER, pair.name(), null,
                    now ? stateChanges.size() + " VRRP state changes within " + FLAP_WINDOW.toSeconds() + " s" : ""));
        }
    }

    private static List<String> unheld(Map<String, List<String>> now) {
        return now.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    private static String describe(List<String> hosts) {
        return hosts == null || hosts.isEmpty() ? "nobody" : String.join(" and ", hosts);
    }

    /** How many nodes hold each VIP now (by CIDR); empty until both nodes were seen. */
    synchronized Map<String, Integer> holderCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        holders.forEach((vip, h) -> out.put(vip, h.size()));
        return out;
    }

    /** Each node's keepalived state as last seen ("unreachable" when it could not be read, "unknown" before the first look). */
    synchronized Map<String, String> nodeStates() {
        Map<String, String> out = new LinkedHashMap<>();
        for (PairNode n : pair.nodes()) {
            NodeView v = nodes.get(n.host());
            out.put(n.host(), v == null ? "unknown" : !v.reachable() ? "unreachable" : v.vrrpState() == null ? "unknown" : v.vrrpState());
        }
        return out;
    }

    Pair pair() {
        return pair;
    }

    synchronized Map<String, List<String>> holders() {
        return holders;
    }

    synchronized long transitions() {
        return transitions;
    }

    /** Time spent in outages so far, the one going on included. */
    synchronized Duration outageTotal(Instant now) {
        return outageSince == null ? outages : outages.plus(Duration.between(outageSince, now));
    }

    synchronized boolean inOutage() {
        return outageSince != null;
    }

    synchronized boolean splitBrain() {
        return splitBrain;
    }

    @Override
    public String toString() {
        return Objects.toString(pair.name());
    }
}
