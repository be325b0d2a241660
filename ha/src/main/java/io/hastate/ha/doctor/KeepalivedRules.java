package io.hastate.ha.doctor;

import io.hastate.ha.keepalived.KeepalivedVersion;

import java.util.Optional;

/** Rules about keepalived options that change meaning with its version, as keepalived's source reads by version. */
final class KeepalivedRules {
    private KeepalivedRules() {}

    private static boolean unicastVmac(Evidence e, boolean orIpvlan) {
        return e.confHas("unicast_peer") && (e.confHas("use_vmac") || orIpvlan && e.confHas("use_ipvlan"));
    }

    /** R11: keepalived 2.1.x drops use_vmac/use_ipvlan with unicast, logging only a config error. */
    static Optional<Finding> vmacDroppedWithUnicast(String host, Rules.InterfaceView p, Evidence e) {
        if (e.keepalivedVersion() == null || !unicastVmac(e, true)) return Optional.empty();
        KeepalivedVersion v = KeepalivedVersion.of(e.keepalivedVersion());
        if (!v.atLeast("2.1.0") || v.atLeast("2.2.0")) return Optional.empty();
        return Optional.of(new Finding("HA017", "keepalived ignores the VIP device with unicast", host,
                "keepalived " + e.keepalivedVersion() + ", keepalived.conf has unicast_peer and use_vmac/use_ipvlan",
                "keepalived 2.1 drops use_vmac/use_ipvlan together with unicast: the VIP lands on the base interface, exposed to networkd",
                "upgrade keepalived to 2.2 or later, or use multicast; keepalived -t exits 4 on this configuration"));
    }

    /** R12: keepalived 2.2+ sets vmac_xmit_base itself when VMAC meets unicast, with only a warning. */
    static Optional<Finding> vmacXmitBaseImplicit(String host, Rules.InterfaceView p, Evidence e) {
        if (e.keepalivedVersion() == null || !unicastVmac(e, false) || e.confHas("vmac_xmit_base")) return Optional.empty();
        if (!KeepalivedVersion.of(e.keepalivedVersion()).atLeast("2.2.0")) return Optional.empty();
        return Optional.of(new Finding("HA018", "vmac_xmit_base is implied", host,
                "keepalived " + e.keepalivedVersion() + ", use_vmac with unicast_peer and no vmac_xmit_base",
                "keepalived adds vmac_xmit_base on its own: the configuration on disk is not the one running, and older nodes differ",
                "write vmac_xmit_base in the instance (keepalived.config does when VMAC meets unicast)"));
    }
}
