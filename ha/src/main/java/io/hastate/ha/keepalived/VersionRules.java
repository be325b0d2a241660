package io.hastate.ha.keepalived;

/** Keywords that need a newer keepalived than the one installed: refused before anything is written. */
final class VersionRules {
    private VersionRules() {}

    static void check(KeepalivedModel model, KeepalivedVersion v) {
        if (!v.atLeast("2.0.4")) {
            throw new IllegalStateException("keepalived " + v + " cannot test a configuration (keepalived -t needs 2.0.4); upgrade it");
        }
        for (KeepalivedModel.Instance i : model.instances()) {
            if (i.useIpvlan() != null && !v.atLeast("2.3.0")) {
                throw new IllegalStateException("instance " + i.name() + ": use_ipvlan with a device name needs keepalived 2.3.0, this host has " + v);
            }
            if ((i.useVmac() != null || i.useIpvlan() != null) && !i.unicastPeers().isEmpty()
                    && v.atLeast("2.1.0") && !v.atLeast("2.2.0")) {
                throw new IllegalStateException("instance " + i.name() + ": keepalived " + v
                        + " silently drops use_vmac/use_ipvlan when unicast peers are set; use multicast or keepalived >= 2.2.0");
            }
        }
    }
}
