package io.hastate.modules.doctor;

import java.util.Optional;

/** Rules about keepalived options that change meaning with its version (../shared/design/network-facts.md §7). */
final class KeepalivedRules {
    private KeepalivedRules() {}

    private static boolean unicastVmac(Evidence e, boolean orIpvlan) {
        return e.confHas("unicast_peer") && (e.confHas("use_vmac") || orIpvlan && e.confHas("use_ipvlan"));
    }

    /** R11: keepalived 2.1.x drops use_vmac/use_ipvlan with unicast, logging only a config error. */
    static Optional<Finding> vmacDroppedWithUnicast(String host, Rules.PairView p, Evidence e) {
        if (e.keepalivedVersion() == null || !unicastVmac(e, true)) return Optional.empty();
        int[] v = version(e.keepalivedVersion());
        if (!(v[0] == 2 && v[1] == 1)) return Optional.empty();
        return Optional.of(new Finding("HA017", "keepalived ignores the VIP device with unicast", host,
                "keepalived " + e.keepalivedVersion() + ", keepalived.conf has unicast_peer and use_vmac/use_ipvlan",
                "keepalived 2.1 drops use_vmac/use_ipvlan together with unicast: the VIP lands on the base interface, exposed to networkd",
                "upgrade keepalived to 2.2 or later, or use multicast; keepalived -t exits 4 on this configuration"));
    }

    /** R12: keepalived 2.2+ sets vmac_xmit_base itself when VMAC meets unicast, with only a warning. */
    static Optional<Finding> vmacXmitBaseImplicit(String host, Rules.PairView p, Evidence e) {
        if (e.keepalivedVersion() == null || !unicastVmac(e, false) || e.confHas("vmac_xmit_base")) return Optional.empty();
        int[] v = version(e.keepalivedVersion());
        if (v[0] < 2 || v[0] == 2 && v[1] < 2) return Optional.empty();
        return Optional.of(new Finding("HA018", "vmac_xmit_base is implied", host,
                "keepalived " + e.keepalivedVersion() + ", use_vmac with unicast_peer and no vmac_xmit_base",
                "keepalived adds vmac_xmit_base on its own: the configuration on disk is not the one running, and older nodes differ",
                "write vmac_xmit_base in the instance (keepalived.config does when VMAC meets unicast)"));
    }

    static int[] version(String v) {
        String[] parts = v.split("\\.");
        int[] out = new int[3];
        for (int i = 0; i < Math.min(3, parts.length); i++) {
            out[i] = parts[i].matches("\\d+") ? Integer.parseInt(parts[i]) : 0;
        }
        return out;
    }
}
