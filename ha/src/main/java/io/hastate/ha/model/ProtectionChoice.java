package io.hastate.ha.model;

import java.util.List;

/**
 * What {@code protection: auto} (the default) becomes on one host. An interface is protected one way:
 * an instance naming a protection for the same interface (or ifupdown, which takes the whole host off
 * networkd) decides for the auto ones beside it. Else what configures the interface does: where
 * NetworkManager owns it, vmac (re-activating a profile removes every address NetworkManager did not
 * configure, but it leaves keepalived's vrrp.N device alone: measured 0 lost, 0 transitions); elsewhere
 * keep-configuration. IPv6 instances take keep-configuration or none only (vmac is not supported with
 * them), so none under NetworkManager.
 */
public final class ProtectionChoice {
    private ProtectionChoice() {}

    /** {@code renderer}: what configures {@code v}'s interface (NetworkManager, networkd, ifupdown or unknown). */
    public static String of(Vrrp v, List<Vrrp> hostInstances, String renderer) {
        if (!v.protection().equals(Vrrp.AUTO)) return v.protection();
        String named = named(v, hostInstances);
        boolean networkManager = "NetworkManager".equals(renderer);
        if (v.ipv6()) {
            if (named != null && List.of("keep-configuration", "none").contains(named)) return named;
            return networkManager ? "none" : "keep-configuration";
        }
        if (named != null) return named;
        return networkManager ? "vmac" : "keep-configuration";
    }

    private static String named(Vrrp v, List<Vrrp> hostInstances) {
        for (Vrrp other : hostInstances) {
            if (other.protection().equals("ifupdown")) return "ifupdown";
        }
        for (Vrrp other : hostInstances) {
            if (other.iface().equals(v.iface()) && !other.protection().equals(Vrrp.AUTO)) return other.protection();
        }
        return null;
    }
}
