package io.hastate.ha.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Rules about what else on the host acts on the network: dispatcher hooks, ifupdown, unattended upgrades. */
final class HostRules {
    private HostRules() {}

    /** R21: networkd-dispatcher silently skips hooks that are not root-owned and executable. */
    static Optional<Finding> dispatcherHookSkipped(String host, Rules.InterfaceView p, Evidence e) {
        List<String> skipped = new ArrayList<>();
        for (String hook : e.around().dispatcherHooks()) {
            String[] f = hook.split(":", 4);
            if (f.length < 4) continue;
            int mode = Integer.parseInt(f[2], 8);
            if (!f[0].equals("root") || !f[1].equals("root") || (mode & 0111) == 0 || (mode & 0022) != 0) {
                skipped.add(f[3] + " (" + f[0] + ":" + f[1] + " " + f[2] + ")");
            }
        }
        if (skipped.isEmpty()) return Optional.empty();
        return Optional.of(new Finding("HA019", "a dispatcher hook will not run", host,
                String.join(", ", skipped),
                "networkd-dispatcher skips hooks that are not owned by root, not executable or writable by others: "
                        + "a VIP device such a hook creates never comes back after a reboot",
                "root:root, mode 0755 (link.vmac/link.ipvlan install their hooks that way)"));
    }

    /** R22: ifupdown2 purges addresses it did not configure on ifup/ifreload unless told not to. */
    static Optional<Finding> ifupdown2Purges(String host, Rules.InterfaceView p, Evidence e) {
        Evidence.Surroundings s = e.around();
        if (!s.ifupdown2()) return Optional.empty();
        String stanza = stanza(s.interfaces(), p.iface());
        if (stanza == null || Pattern.compile("(?m)^\\s*address-purge\\s+no\\s*$").matcher(stanza).find()) return Optional.empty();
        return Optional.of(new Finding("HA020", "ifupdown2 purges the VIP", host,
                "ifupdown2 installed, the stanza of " + p.iface() + " has no 'address-purge no'",
                "ifup and ifreload -a remove addresses the stanza does not list: the VIP goes",
                "add 'address-purge no' to the stanza of " + p.iface()));
    }

    /** R23: classic ifupdown's source-directory ignores file names with dots, silently. */
    static Optional<Finding> ifupdownIgnoresDropIn(String host, Rules.InterfaceView p, Evidence e) {
        Evidence.Surroundings s = e.around();
        if (!s.ifupdown() || !Pattern.compile("(?m)^\\s*source-directory\\s").matcher(s.interfaces()).find()) return Optional.empty();
        List<String> ignored = s.interfacesDir().stream().filter(n -> !n.matches("[a-zA-Z0-9_-]+")).toList();
        if (ignored.isEmpty()) return Optional.empty();
        return Optional.of(new Finding("HA021", "ifupdown ignores interface files", host,
                "/etc/network/interfaces uses source-directory; /etc/network/interfaces.d has " + String.join(", ", ignored),
                "source-directory reads only names made of letters, digits, _ and -: these files are never applied",
                "rename them (network.ifupdown writes /etc/network/interfaces.d/<interface> names)"));
    }

    /** R24: an unattended systemd upgrade restarts networkd on a host whose VIP networkd can drop. */
    static Optional<Finding> upgradesRestartNetworkd(String host, Evidence e, List<String> exposedBy) {
        if (!e.around().unattendedUpgrades() || exposedBy.isEmpty()) return Optional.empty();
        return Optional.of(new Finding("HA022", "an automatic upgrade can drop the VIP", host,
                "unattended-upgrades enabled (APT::Periodic::Unattended-Upgrade), and " + String.join(", ", exposedBy),
                "a systemd package upgrade restarts or reconfigures networkd unattended, at any hour",
                "fix " + String.join(", ", exposedBy) + " first; or keep systemd out of unattended-upgrades on HA nodes"));
    }

    /** The 'iface NAME ...' stanza: its line and the indented or option lines that follow, up to the next stanza. */
    static String stanza(String interfaces, String iface) {
        StringBuilder out = null;
        for (String line : interfaces.split("\n")) {
            String t = line.strip();
            boolean starts = t.matches("(iface|auto|allow-\\S+|mapping|source|source-directory)\\b.*");
            if (out != null && starts && !t.startsWith("iface " + iface + " ")) break;
            if (t.startsWith("iface " + iface + " ")) out = new StringBuilder();
            if (out != null) out.append(t).append('\n');
        }
        return out == null ? null : out.toString();
    }
}
