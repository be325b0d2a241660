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
    /** systemd's version number, 0 when unknown. */
    public static final Fact<Integer> SYSTEMD_VERSION = new Fact<>("systemd-version", "systemctl --version 2>/dev/null | awk 'NR==1{print $2}'",
            (out, rc) -> {
                String digits = out.strip().replaceAll("[^0-9].*", "");
                return digits.isEmpty() ? 0 : Integer.parseInt(digits);
            });
    public static final Fact<String> NETWORKD = line("networkd", "systemctl is-active systemd-networkd.service || true");
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

    public static final List<Fact<?>> ALL = List.of(OS, HOSTNAME, KERNEL, SYSTEMD_VERSION, NETWORKD, RENDERER, NetAddresses.FACT);
}
