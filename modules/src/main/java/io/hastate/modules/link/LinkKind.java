package io.hastate.modules.link;

import java.util.List;

/** The two virtual devices a VIP can live on: macvlan (a VMAC) and ipvlan. */
enum LinkKind {
    VMAC("vmac", "macvlan", "MACVLAN", List.of("private", "vepa", "bridge", "passthru"), "bridge", List.of()),
    IPVLAN("ipvlan", "ipvlan", "IPVLAN", List.of("l2", "l3", "l3s"), "l2", List.of("bridge", "private", "vepa"));

    final String function;
    final String kernelKind;
    final String networkdSection;
    final List<String> modes;
    final String defaultMode;
    final List<String> flags;

    LinkKind(String function, String kernelKind, String networkdSection, List<String> modes, String defaultMode, List<String> flags) {
        this.function = function;
        this.kernelKind = kernelKind;
        this.networkdSection = networkdSection;
        this.modes = modes;
        this.defaultMode = defaultMode;
        this.flags = flags;
    }

    /** The {@code ip link add} arguments after {@code type}. */
    String ipLinkType(String mode, String flag) {
        return kernelKind + " mode " + mode + (flag == null ? "" : " " + flag);
    }
}
