package io.hastate.core.model;

import java.util.List;

/**
 * VRRP data both nodes of a pair share, and how the VIP is protected from systemd-networkd:
 * {@code keep-configuration} (networkd keeps foreign addresses on the interface), {@code vmac}
 * (the VIP on keepalived's macvlan, networkd told to leave it alone, plus keep-configuration for the
 * base interface), {@code ifupdown} (the interface moved from networkd to ifupdown), {@code ipvlan}
 * (the VIP on an ipvlan device), or {@code none}. With {@code unicast} each node sends its adverts
 * to the other node's address instead of multicast. Without {@code preempt} both nodes start as
 * BACKUP with keepalived's {@code nopreempt}: the VIP stays where it is until its holder fails, so a
 * restart of the holder moves it once, not there and back. {@code checks} are the health checks both
 * nodes run (keepalived's vrrp_script and track_script).
 */
public record Vrrp(int virtualRouterId, String iface, int advertInt, List<Vip> vips, String protection, String authPass,
                   boolean unicast, boolean preempt, List<HealthCheck> checks, Location location) {
    public static final List<String> PROTECTIONS = List.of("keep-configuration", "vmac", "ifupdown", "ipvlan", "none");

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
        checks = List.copyOf(checks);
        if (!PROTECTIONS.contains(protection)) {
            throw new InvalidInputException(location, "vrrp.protection", "must be one of " + String.join(", ", PROTECTIONS) + ", got '" + protection + "'");
        }
        if (authPass != null && (authPass.isEmpty() || authPass.length() > 8
                || !authPass.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"'\\#!{}".indexOf(c) < 0))) {
            throw new InvalidInputException(location, "vrrp.auth_pass", "must be 1-8 printable ASCII characters without spaces, quotes,"
                    + " backslashes, #, !, { or } (keepalived truncates longer ones and reads the others as syntax)");
        }
    }
}
