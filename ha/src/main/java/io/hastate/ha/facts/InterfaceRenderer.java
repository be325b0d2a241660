package io.hastate.ha.facts;

import io.hastate.core.facts.Fact;
import io.hastate.core.transport.Shell;

import java.util.List;

/**
 * Which program configures an interface now: NetworkManager (its device managed, not "externally"),
 * systemd-networkd (the link not "unmanaged"; netplan renders for one of the two), ifupdown (the
 * interface declared in /etc/network/interfaces), or unknown. Read before planning: the pair's default
 * protection depends on it.
 */
public final class InterfaceRenderer {
    public static final String NETWORK_MANAGER = "NetworkManager";
    public static final String NETWORKD = "networkd";
    public static final String IFUPDOWN = "ifupdown";
    public static final String UNKNOWN = "unknown";
    private static final List<String> KNOWN = List.of(NETWORK_MANAGER, NETWORKD, IFUPDOWN, UNKNOWN);

    private InterfaceRenderer() {}

    public static Fact<String> of(String iface) {
        String i = Shell.quote(iface);
        String command = "if systemctl is-active -q NetworkManager.service 2>/dev/null"
                + " && nmcli -t -f DEVICE,STATE device status 2>/dev/null | awk -F: -v d=" + i
                + " '$1 == d && $2 != \"unmanaged\" && $2 != \"unavailable\" && $2 !~ /externally/ {f = 1} END {exit !f}';"
                + " then echo " + NETWORK_MANAGER + ";"
                + " elif systemctl is-active -q systemd-networkd.service 2>/dev/null"
                + " && networkctl list --no-legend --no-pager " + i + " 2>/dev/null | awk '{print $5}' | grep -qvx unmanaged;"
                + " then echo " + NETWORKD + ";"
                + " elif grep -qsE '^[[:space:]]*(auto|allow-hotplug|iface)[[:space:]]+'" + i + "'([[:space:]]|$)' /etc/network/interfaces /etc/network/interfaces.d/*;"
                + " then echo " + IFUPDOWN + ";"
                + " else echo " + UNKNOWN + "; fi";
        return new Fact<>("renderer:" + iface, command, (out, rc) -> parse(out));
    }

    /** One word; anything else (a shell's complaint) is unknown, which keeps the networkd-safe default. */
    static String parse(String out) {
        String word = out.strip();
        return KNOWN.contains(word) ? word : UNKNOWN;
    }
}
