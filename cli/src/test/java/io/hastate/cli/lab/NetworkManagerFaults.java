package io.hastate.cli.lab;

import java.util.List;

/**
 * What NetworkManager does to a pair interface (eth0), as commands on a node: each acts on whichever
 * connection profile is active on eth0 (a keyfile's, or the one netplan renders).
 */
final class NetworkManagerFaults {
    private NetworkManagerFaults() {}

    private static final String PROFILE = "c=\"$(nmcli -g GENERAL.CONNECTION device show eth0)\" && ";

    static final Survival.Fault CONNECTION_UP = new Survival.Fault("nmcli connection up", PROFILE + "nmcli connection up \"$c\"");
    static final Survival.Fault REAPPLY = new Survival.Fault("nmcli device reapply", "nmcli device reapply eth0");
    static final Survival.Fault MODIFY_UP = new Survival.Fault("nmcli connection modify + up",
            PROFILE + "nmcli connection modify \"$c\" ipv4.dns-search hastate.lab && nmcli connection up \"$c\"");
    static final Survival.Fault RESTART = new Survival.Fault("restart NetworkManager", "systemctl restart NetworkManager");
    /**
     * What netplan apply does where it renders for NetworkManager: disconnect the device, stop
     * NetworkManager, flush the interface's addresses, start NetworkManager. The command itself stops at
     * udevadm trigger in the lab's containers (read-only sysfs), after it has stopped NetworkManager.
     */
    static final Survival.Fault NETPLAN_APPLY = new Survival.Fault("netplan apply's steps (NetworkManager)",
            "{ netplan generate && nmcli device disconnect eth0 && systemctl stop NetworkManager && ip addr flush dev eth0"
                    + " && rm -rf /run/NetworkManager/devices && systemctl start NetworkManager; }"
                    // A step that fails (nmcli's timeout, say) must not leave the node off the LAN for the cells after it.
                    + " || { rc=$?; systemctl start NetworkManager; nmcli device connect eth0 >/dev/null 2>&1; exit $rc; }");

    /** The faults of a host of this lab kind: netplan's steps only where netplan renders the profile. */
    static List<Survival.Fault> of(String kind) {
        return kind.endsWith("+netplan") ? List.of(CONNECTION_UP, REAPPLY, MODIFY_UP, RESTART, NETPLAN_APPLY)
                : List.of(CONNECTION_UP, REAPPLY, MODIFY_UP, RESTART);
    }
}
