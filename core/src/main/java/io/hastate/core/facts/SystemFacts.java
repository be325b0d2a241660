package io.hastate.core.facts;

import java.util.List;

/** What any host is: the facts {@code hastate facts} shows, with those of the modules. */
public final class SystemFacts {
    private SystemFacts() {}

    private static Fact<String> line(String key, String command) {
        return new Fact<>(key, command, (out, rc) -> rc == 0 && !out.isBlank() ? out.strip() : "unknown");
    }

    public static final Fact<String> OS = line("os", ". /etc/os-release && echo \"$ID $VERSION_ID\"");
    public static final Fact<String> HOSTNAME = line("hostname", "cat /proc/sys/kernel/hostname");
    public static final Fact<String> KERNEL = line("kernel", "uname -r");
    public static final Fact<String> SYSTEMD = line("systemd", "systemctl --version | awk 'NR==1{print $2}'");
    public static final Fact<String> NETWORKD = line("networkd", "systemctl is-active systemd-networkd.service || true");
    public static final Fact<String> ADDRESSES = line("addresses", "ip -br addr show");
    /** Who configures the network: netplan (and its backend), NetworkManager, networkd, ifupdown2 or ifupdown. */
    public static final Fact<String> RENDERER = line("renderer",
            "n=; for f in /etc/netplan/*.yaml /run/netplan/*.yaml /lib/netplan/*.yaml; do [ -e \"$f\" ] && n=1; done; "
                    + "if [ -n \"$n\" ]; then "
                    + "b=$(grep -rhs 'renderer:' /etc/netplan /run/netplan /lib/netplan | awk '{print $2}' | sort -u | paste -sd' ' -); "
                    + "echo \"netplan (${b:-networkd})\"; "
                    + "elif systemctl is-active -q NetworkManager 2>/dev/null; then echo NetworkManager; "
                    + "elif systemctl is-active -q systemd-networkd 2>/dev/null; then echo systemd-networkd; "
                    + "elif dpkg-query -W -f='${Status}' ifupdown2 2>/dev/null | grep -q 'ok installed'; then echo ifupdown2; "
                    + "elif grep -qs '^iface' /etc/network/interfaces /etc/network/interfaces.d/*; then echo ifupdown; "
                    + "else echo unknown; fi");

    public static final List<Fact<String>> ALL = List.of(OS, HOSTNAME, KERNEL, SYSTEMD, NETWORKD, RENDERER, ADDRESSES);
}
