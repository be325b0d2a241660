package io.hastate.ha.rollout;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.NetAddresses;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Pair;
import io.hastate.core.model.PairNode;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;

import io.hastate.ha.facts.KeepalivedProcess;

import java.util.List;
import java.util.Map;

/**
 * One look at a pair during a rollout: the nodes holding its first VIP, and each node's keepalived
 * (running or not, when it started, its VRRP state). A node that could not be read has no entry.
 * {@code byVip} has the holders of every VIP of the pair (all its instances), for the circuit breaker.
 */
public record PairView(List<String> holders, Map<String, KeepalivedProcess> keepalived, Map<String, List<String>> byVip) {
    public PairView {
        holders = List.copyOf(holders);
        keepalived = Map.copyOf(keepalived);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byVip.forEach((vip, h) -> copy.put(vip, List.copyOf(h)));
        byVip = java.util.Collections.unmodifiableMap(copy);
    }

    /** A look at a pair with one VIP (or whose other VIPs were not read). */
    public PairView(List<String> holders, Map<String, KeepalivedProcess> keepalived) {
        this(holders, keepalived, Map.of());
    }

    /** Which nodes hold each of the pair's VIPs and how their keepalived runs, one read per node. */
    public static PairView look(Connector connector, Inventory inventory, Pair pair) {
        String vip = pair.vrrp().vips().get(0).address();
        List<String> holders = new ArrayList<>();
        Map<String, List<String>> byVip = new LinkedHashMap<>();
        pair.vips().forEach(v -> byVip.put(v.cidr(), new ArrayList<>()));
        Map<String, KeepalivedProcess> processes = new LinkedHashMap<>();
        for (PairNode n : pair.nodes()) {
            try (Transport t = connector.open(inventory.host(n.host()))) {
                Fact<KeepalivedProcess> keepalived = KeepalivedProcess.of(pair.vrrp().name());
                FactValues facts = new FactCache(t).view(List.of(NetAddresses.FACT, keepalived));
                List<NetAddresses.NetAddress> global = facts.get(NetAddresses.FACT).stream().filter(NetAddresses.NetAddress::global).toList();
                if (global.stream().anyMatch(h -> h.address().equals(vip))) holders.add(n.host());
                for (var v : pair.vips()) {
                    // An address may be listed twice (keepalived lines with different options): one holder each.
                    List<String> vipHolders = byVip.get(v.cidr());
                    if (!vipHolders.contains(n.host()) && global.stream().anyMatch(h -> h.address().equals(v.address()))) vipHolders.add(n.host());
                }
                processes.put(n.host(), facts.get(keepalived));
            } catch (TransportException e) {
                // An unreachable node holds nothing we can see; whoever asked reports it.
            }
        }
        return new PairView(holders, processes, byVip);
    }

    /** The VIPs held by both nodes, and, when {@code mustHold}, those held by nobody. */
    public List<String> unsafeVips(boolean mustHold) {
        return byVip.entrySet().stream().filter(e -> e.getValue().size() > 1 || mustHold && e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** The only holder, or null when nobody or both hold the VIP. */
    public String holder() {
        return holders.size() == 1 ? holders.get(0) : null;
    }

    /** Whether {@code host}'s keepalived, running in {@code before}, runs as another process now. */
    boolean restarted(String host, PairView before) {
        KeepalivedProcess was = before.keepalived.get(host);
        KeepalivedProcess now = keepalived.get(host);
        return was != null && now != null && was.active() && now.active() && was.started() != now.started();
    }

    /**
     * Why {@code host} could not take the VIP over if its peer went away now, or null when it could (or
     * when its VRRP state cannot be read: nothing to hold the rollout back on).
     */
    public String whyNoStandby(String host) {
        if (holders.contains(host)) return null;
        KeepalivedProcess k = keepalived.get(host);
        if (k == null) return null;
        if (!k.active()) return "keepalived is not running";
        if ("FAULT".equals(k.vrrpState())) return "keepalived is in FAULT";
        return null;
    }

    public String describeHolders() {
        return holders.isEmpty() ? "nobody" : String.join(" and ", holders);
    }
}
