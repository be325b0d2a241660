package io.hastate.ha.model;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.model.Names;

import java.util.List;
import java.util.Map;

/**
 * VRRP data both nodes of a pair share, and how the VIP is protected from systemd-networkd:
 * {@code keep-configuration} (networkd keeps foreign addresses on the interface), {@code vmac}
 * (the VIP on keepalived's macvlan, networkd told to leave it alone, plus keep-configuration for the
 * base interface), {@code ifupdown} (the interface moved from networkd to ifupdown), {@code ipvlan}
 * (the VIP on an ipvlan device), or {@code none}. With {@code unicast} each node sends its adverts
 * to the other node's address instead of multicast. Without {@code preempt} both nodes start as
 * BACKUP with keepalived's {@code nopreempt}: the VIP stays where it is until its holder fails, so a
 * restart of the holder moves it once, not there and back. {@code checks} are the health checks both
 * nodes run (keepalived's vrrp_script and track_script); {@code notifyScripts} the scripts keepalived runs on a
 * state change, by event (master, backup, fault, stop, or state: any change, the state as argument).
 * One VRRP instance of a pair: {@code name} is keepalived's instance name; {@code priorities}, when not
 * empty, gives each node its priority for this instance instead of the node's own (active/active: each
 * node prefers one instance). An instance's VIPs are of one address family. {@code verbatim}: keepalived
 * lines the instance carries as written (see {@link VerbatimLines}).
 */
public record Vrrp(String name, int virtualRouterId, String iface, int advertInt, List<Vip> vips, String protection, String authPass,
                   boolean unicast, boolean preempt, List<HealthCheck> checks, Map<String, String> notifyScripts,
                   Map<String, Integer> priorities, List<String> verbatim, Location location) {
    /** The events a notify script can be declared for, with the keepalived keyword each becomes. */
    public static final Map<String, String> NOTIFY_EVENTS = notifyEvents();
    private static final java.util.regex.Pattern SCRIPT_PATH = java.util.regex.Pattern.compile("/[A-Za-z0-9_./@+-]{1,254}");
    public static final List<String> PROTECTIONS = List.of("auto", "keep-configuration", "vmac", "ifupdown", "ipvlan", "none");
    /** The default: chosen per host from what configures the interface (see {@link ProtectionChoice}). */
    public static final String AUTO = "auto";

    /** This instance protected by {@code chosen} (what auto became on one host). */
    public Vrrp withProtection(String chosen) {
        return new Vrrp(name, virtualRouterId, iface, advertInt, vips, chosen, authPass, unicast, preempt, checks, notifyScripts, priorities, verbatim, location);
    }

    public Vrrp {
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw new InvalidInputException(location, "vrrp.virtual_router_id", "must be 1-255, got " + virtualRouterId);
        }
        if (advertInt < 1 || advertInt > 255) {
            throw new InvalidInputException(location, "vrrp.advert_int", "must be 1-255 seconds, got " + advertInt);
        }
        if (vips.isEmpty()) {
            throw new InvalidInputException(location, "vrrp.vips", "at least one VIP is required");
        }
        vips = List.copyOf(vips);
        if (vips.stream().map(Vip::ipv6).distinct().count() > 1) {
            throw new InvalidInputException(location, "vrrp.vips", "IPv4 and IPv6 VIPs cannot share a VRRP instance (keepalived refuses it)");
        }
        if (!Names.isIdentifier(name)) {
            throw new InvalidInputException(location, "vrrp.name", "'" + name + "' is not a valid instance name (letters, digits, _ . -)");
        }
        priorities = Map.copyOf(priorities);
        for (var e : priorities.entrySet()) {
            if (e.getValue() < 1 || e.getValue() > 254) {
                throw new InvalidInputException(location, "priorities." + e.getKey(), "must be 1-254, got " + e.getValue());
            }
        }
        checks = List.copyOf(checks);
        verbatim = List.copyOf(verbatim);
        String verbatimProblem = VerbatimLines.problem(verbatim);
        if (verbatimProblem != null) throw new InvalidInputException(location, "vrrp.verbatim", verbatimProblem);
        if (!checks.isEmpty() && VerbatimLines.tracksScripts(verbatim)) {
            throw new InvalidInputException(location, "vrrp.verbatim", "sets track_script, which checks say: give the instance checks or a track_script as written, not both");
        }
        for (String line : verbatim) {
            String keyword = line.strip().split("\\s+")[0];
            for (var e : NOTIFY_EVENTS.entrySet()) {
                if (e.getValue().equals(keyword) && notifyScripts.containsKey(e.getKey())) {
                    throw new InvalidInputException(location, "vrrp.verbatim", "sets " + keyword + ", which notify." + e.getKey() + " says");
                }
            }
        }
        notifyScripts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notifyScripts));
        for (var e : notifyScripts.entrySet()) {
            String problem = notifyProblem(e.getKey(), e.getValue());
            if (problem != null) throw new InvalidInputException(location, "vrrp.notify." + e.getKey(), problem);
        }
        if (!PROTECTIONS.contains(protection)) {
            throw new InvalidInputException(location, "vrrp.protection", "must be one of " + String.join(", ", PROTECTIONS) + ", got '" + protection + "'");
        }
        if (authPass != null && (authPass.isEmpty() || authPass.length() > 8
                || !authPass.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"'\\#!{}".indexOf(c) < 0))) {
            throw new InvalidInputException(location, "vrrp.auth_pass", "must be 1-8 printable ASCII characters without spaces, quotes,"
                    + " backslashes, #, !, { or } (keepalived truncates longer ones and reads the others as syntax)");
        }
    }

    /** Whether this instance carries IPv6 VIPs (VRRPv3 over IPv6). */
    public boolean ipv6() {
        return vips.get(0).ipv6();
    }

    /** What is wrong with a notify script declared for {@code event}, or null. */
    public static String notifyProblem(String event, String path) {
        if (!NOTIFY_EVENTS.containsKey(event)) return "unknown event (known: " + String.join(", ", NOTIFY_EVENTS.keySet()) + ")";
        if (!SCRIPT_PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")) {
            return "must be the absolute path of a script (letters, digits, _ . / @ + -), got '" + path + "'";
        }
        return null;
    }

    private static Map<String, String> notifyEvents() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("master", "notify_master");
        m.put("backup", "notify_backup");
        m.put("fault", "notify_fault");
        m.put("stop", "notify_stop");
        m.put("state", "notify");
        return java.util.Collections.unmodifiableMap(m);
    }
}
