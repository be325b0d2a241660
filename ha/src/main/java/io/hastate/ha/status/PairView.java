package io.hastate.ha.status;

import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.NetAddresses;
import io.hastate.core.model.Inventory;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.ha.model.Vip;
import io.hastate.ha.model.Vrrp;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.ha.facts.KeepalivedProcess;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One look at a pair: for each VRRP instance (the main one first), the nodes holding each of its VIPs,
 * and each node's keepalived (running or not, when it started, each instance's VRRP state). A node that
 * could not be read has no keepalived entry and holds nothing. Rollout, handover and drain judge a pair
 * from it, over all its instances.
 */
public record PairView(Map<String, Map<String, List<String>>> instances, Map<String, KeepalivedProcess> keepalived) {
    public PairView {
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        instances.forEach((name, vips) -> {
            Map<String, List<String>> held = new LinkedHashMap<>();
            vips.forEach((vip, h) -> held.put(vip, List.copyOf(h)));
            copy.put(name, java.util.Collections.unmodifiableMap(held));
        });
        instances = java.util.Collections.unmodifiableMap(copy);
        keepalived = Map.copyOf(keepalived);
    }

    /** A look at a pair of one instance with one VIP. */
    public static PairView ofOneVip(String instance, List<String> holders, Map<String, KeepalivedProcess> keepalived) {
        return new PairView(Map.of(instance, Map.of("vip", holders)), keepalived);
    }

    /** Which nodes hold each of the pair's VIPs and how their keepalived runs, one read per node. */
    public static PairView look(Connector connector, Inventory inventory, Pair pair) {
        Map<String, List<NetAddresses.NetAddress>> held = new LinkedHashMap<>();
        Map<String, KeepalivedProcess> processes = new LinkedHashMap<>();
        for (PairNode n : pair.nodes()) {
            try (Transport t = connector.open(inventory.host(n.host()))) {
                FactValues facts = new FactCache(t).view(List.of(NetAddresses.FACT, KeepalivedProcess.FACT));
                held.put(n.host(), facts.get(NetAddresses.FACT).stream().filter(NetAddresses.NetAddress::global).toList());
                processes.put(n.host(), facts.get(KeepalivedProcess.FACT));
            } catch (TransportException e) {
                // An unreachable node holds nothing we can see; whoever asked reports it.
            }
        }
        Map<String, Map<String, List<String>>> instances = new LinkedHashMap<>();
        for (Vrrp instance : pair.instances()) {
            Map<String, List<String>> byVip = new LinkedHashMap<>();
            for (Vip v : instance.vips()) {
                // An address may be listed twice (keepalived lines with different options): one holder each.
                List<String> holders = byVip.computeIfAbsent(v.cidr(), k -> new ArrayList<>());
                held.forEach((host, addresses) -> {
                    if (!holders.contains(host) && addresses.stream().anyMatch(a -> a.address().equals(v.address()))) holders.add(host);
                });
            }
            instances.put(instance.name(), byVip);
        }
        return new PairView(instances, processes);
    }

    /** The nodes holding any VIP of {@code instance}. */
    public List<String> holdersOf(String instance) {
        return instances.getOrDefault(instance, Map.of()).values().stream().flatMap(List::stream).distinct().toList();
    }

    /** The nodes holding the main instance's VIPs. */
    public List<String> holders() {
        return instances.isEmpty() ? List.of() : holdersOf(instances.keySet().iterator().next());
    }

    /** The only holder of the main instance, or null when nobody or both hold it. */
    public String holder() {
        return holders().size() == 1 ? holders().get(0) : null;
    }

    /** The instances {@code host} holds a VIP of. */
    public List<String> heldBy(String host) {
        return instances.keySet().stream().filter(i -> holdersOf(i).contains(host)).toList();
    }

    /** Whether {@code host} alone holds every VIP of every instance. */
    public boolean heldOnlyBy(String host) {
        return instances.values().stream().flatMap(m -> m.values().stream()).allMatch(List.of(host)::equals);
    }

    /** Whether every instance is held by exactly {@code layout}'s node (instances it does not name: by at most one node). */
    public boolean matches(Map<String, String> layout) {
        for (var e : instances.entrySet()) {
            String expected = layout.get(e.getKey());
            for (List<String> h : e.getValue().values()) {
                if (expected != null ? !h.equals(List.of(expected)) : h.size() > 1) return false;
            }
        }
        return true;
    }

    /** Whether every VIP is held by exactly one node. */
    public boolean whole() {
        return instances.values().stream().flatMap(m -> m.values().stream()).allMatch(h -> h.size() == 1);
    }

    /** Every VIP with its holders. */
    public Map<String, List<String>> byVip() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        instances.values().forEach(all::putAll);
        return all;
    }

    /** The VIPs held by both nodes, and those held by nobody in an instance that {@code mustHold}. */
    public List<String> unsafeVips(Predicate<String> mustHold) {
        List<String> unsafe = new ArrayList<>();
        instances.forEach((instance, vips) -> vips.forEach((vip, h) -> {
            if (h.size() > 1 || h.isEmpty() && mustHold.test(instance)) unsafe.add(vip);
        }));
        return unsafe;
    }

    /** Whether {@code host}'s keepalived, running in {@code before}, runs as another process now. */
    public boolean restarted(String host, PairView before) {
        KeepalivedProcess was = before.keepalived.get(host);
        KeepalivedProcess now = keepalived.get(host);
        return was != null && now != null && was.active() && now.active() && was.started() != now.started();
    }

    /**
     * Why {@code host} could not take over the {@code instances} it does not hold if its peer went away
     * now, or null when it could (or when its VRRP state cannot be read: nothing to hold back on).
     */
    public String whyNoStandby(String host, Collection<String> instances) {
        KeepalivedProcess k = keepalived.get(host);
        if (k == null) return null;
        for (String instance : instances) {
            if (holdersOf(instance).contains(host)) continue;
            if (!k.active()) return "keepalived is not running";
            if ("FAULT".equals(k.vrrpState(instance))) return "keepalived is in FAULT" + (this.instances.size() > 1 ? " for " + instance : "");
        }
        return null;
    }

    /** Why {@code host} could not take over the VIPs it does not hold, or null. */
    public String whyNoStandby(String host) {
        return whyNoStandby(host, instances.keySet());
    }

    /** Who holds what: "VIP held by a" for a pair of one instance, else each instance's holders. */
    public String describe() {
        if (instances.size() == 1) return "VIP held by " + describeHolders();
        return instances.keySet().stream().map(i -> i + " held by " + names(holdersOf(i))).collect(Collectors.joining(", "));
    }

    public String describeHolders() {
        return names(holders());
    }

    public static String names(List<String> hosts) {
        return hosts.isEmpty() ? "nobody" : String.join(" and ", hosts);
    }
}
