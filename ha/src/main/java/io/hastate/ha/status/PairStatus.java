package io.hastate.ha.status;

import io.hastate.ha.model.Pairs;
import io.hastate.core.report.RunSummary;

import io.hastate.core.facts.NetAddresses;
import io.hastate.ha.facts.KeepalivedProcess;
import io.hastate.ha.keepalived.DrainMark;
import io.hastate.ha.keepalived.InstanceMarks;
import io.hastate.core.model.Inventory;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.ha.model.Vip;
import io.hastate.ha.model.Vrrp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live VRRP state per pair, from what both nodes hold at the end of a run: which node holds each VIP,
 * and the problems an operator must see: split brain (two holders), no master (no holder), a VIP on
 * the wrong device, the VIP set split between the nodes, and a preempting pair's VIPs on the
 * lower-priority node (the other one cannot be master: no standby).
 */
public record PairStatus(String pair, Map<String, List<Holder>> vips, List<String> drained, List<String> problems, boolean keepalivedRuns) {

    /** A node holding a VIP, on a device. */
    public record Holder(String host, String device) {}

    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * A problem while keepalived runs on a node is an outage; with keepalived running on neither node
     * (a pair not set up yet, or stopped on both) the problems are drift an apply of the HA tree fixes.
     */
    public boolean outage() {
        return !problems.isEmpty() && keepalivedRuns;
    }

    /** The device an instance's VIPs should be on, by its protection. */
    public static String expectedDevice(Vrrp v) {
        return switch (v.protection()) {
            case "vmac" -> "vrrp." + v.virtualRouterId();
            case "ipvlan" -> "vip" + v.virtualRouterId();
            default -> v.iface();
        };
    }

    /** The device {@code vip} should be on: the one its line names, else its instance's. */
    public static String expectedDevice(Vrrp v, Vip vip) {
        String own = io.hastate.ha.model.VipOptions.dev(vip.options());
        return own != null ? own : expectedDevice(v);
    }

    /**
     * The devices {@code vip} may rightly be on. An auto instance is protected as each host decides
     * (vmac where NetworkManager owns the interface), so its VIPs belong on the interface or on its VMAC.
     */
    public static List<String> expectedDevices(Vrrp v, Vip vip) {
        String own = io.hastate.ha.model.VipOptions.dev(vip.options());
        if (own == null && v.protection().equals(Vrrp.AUTO)) return List.of(v.iface(), expectedDevice(v.withProtection("vmac")));
        return List.of(expectedDevice(v, vip));
    }

    /** Whether keepalived runs on {@code host}; true when it was not read (nothing to excuse a problem with). */
    private static boolean runsKeepalived(RunSummary summary, String host) {
        return summary.hosts().stream().filter(h -> h.name().equals(host)).findFirst()
                .flatMap(h -> h.observed(KeepalivedProcess.FACT)).map(KeepalivedProcess::active).orElse(true);
    }

    /** Who holds each of {@code instance}'s VIPs, with the problems of each VIP on its own: no holder, two, a wrong device. */
    private static Map<String, List<Holder>> holders(Vrrp instance, Pair p, Map<String, List<NetAddresses.NetAddress>> observed, List<String> problems) {
        Map<String, List<Holder>> vips = new LinkedHashMap<>();
        for (Vip v : instance.vips()) {
            if (vips.containsKey(v.cidr())) continue;        // the same address on another line: judged once
            List<String> expected = expectedDevices(instance, v);
            List<Holder> holders = new ArrayList<>();
            for (PairNode n : p.nodes()) {
                for (NetAddresses.NetAddress held : observed.get(n.host())) {
                    if (held.address().equals(v.address())) holders.add(new Holder(n.host(), held.device()));
                }
            }
            vips.put(v.cidr(), holders);
            if (holders.isEmpty()) problems.add("no master: nobody holds " + v.cidr());
            if (holders.stream().map(Holder::host).distinct().count() > 1) {
                problems.add("split brain: " + v.cidr() + " is held by " + String.join(" and ", holders.stream().map(Holder::host).distinct().toList()));
            }
            for (Holder h : holders) {
                if (!expected.contains(h.device())) problems.add(v.cidr() + " is on " + h.host() + "'s " + h.device() + ", expected " + String.join(" or ", expected));
            }
        }
        return vips;
    }

    private static Set<String> instancesDrained(RunSummary summary, String host) {
        return summary.hosts().stream().filter(h -> h.name().equals(host)).findFirst()
                .flatMap(h -> h.observed(InstanceMarks.DRAINED)).orElse(Set.of());
    }

    private static boolean isDrained(RunSummary summary, String host) {
        return summary.hosts().stream().filter(h -> h.name().equals(host)).findFirst()
                .flatMap(h -> h.observed(DrainMark.FACT)).orElse(false);
    }

    /** Every pair whose two nodes were both observed in this run. */
    public static List<PairStatus> of(Inventory inv, RunSummary summary) {
        Map<String, List<NetAddresses.NetAddress>> observed = new LinkedHashMap<>();
        for (RunSummary.HostSummary h : summary.hosts()) h.observed(NetAddresses.FACT).ifPresent(held -> observed.put(h.name(), NetAddresses.global(held)));
        List<PairStatus> out = new ArrayList<>();
        for (Pair p : Pairs.all(inv).values()) {
            if (!observed.containsKey(p.first().host()) || !observed.containsKey(p.second().host())) continue;
            Map<String, List<Holder>> vips = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            List<String> drained = new ArrayList<>(p.nodes().stream().map(PairNode::host).filter(n -> isDrained(summary, n)).toList());
            Map<String, Set<String>> drainedOnes = new LinkedHashMap<>();
            for (PairNode n : p.nodes()) {
                Set<String> ones = instancesDrained(summary, n.host());
                drainedOnes.put(n.host(), ones);
                if (!drained.contains(n.host()) && !ones.isEmpty()) drained.add(n.host() + " (for " + String.join(", ", ones) + ")");
            }
            for (Vrrp instance : p.instances()) {
                Map<String, List<Holder>> held = holders(instance, p, observed, problems);
                vips.putAll(held);
                // Within one instance the VIPs move together; instances of an active/active pair are held apart on purpose.
                String of = p.severalInstances() ? " of instance " + instance.name() : "";
                List<String> owners = held.values().stream().filter(l -> l.size() == 1).map(l -> l.get(0).host()).distinct().toList();
                if (owners.size() > 1) problems.add("the VIPs" + of + " are split between " + String.join(" and ", owners));
                String preferred = p.preferred(instance).host();
                boolean allHeld = held.values().stream().allMatch(l -> l.size() == 1);
                // A drained preferred node has given its VIPs up on purpose: that is not a missing standby.
                if (instance.preempt() && allHeld && owners.size() == 1 && !owners.get(0).equals(preferred) && !drained.contains(preferred)
                        && !drainedOnes.get(preferred).contains(instance.name())) {
                    problems.add("held by " + owners.get(0) + of + ", but " + preferred + " has the higher priority and preempts: keepalived on "
                            + preferred + " is stopped or in FAULT, so the pair has no standby");
                }
            }
            boolean runs = p.nodes().stream().anyMatch(n -> runsKeepalived(summary, n.host()));
            if (!runs && !problems.isEmpty()) problems.add("keepalived runs on neither node");
            out.add(new PairStatus(p.name(), vips, drained, problems, runs));
        }
        return out;
    }
}
