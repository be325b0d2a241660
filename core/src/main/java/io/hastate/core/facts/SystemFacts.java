package io.hastate.core.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The facts {@code hastate facts} shows for every host, read in one round trip. */
public final class SystemFacts {
    private SystemFacts() {}

    private static Fact<String> line(String key, String command) {
        return new Fact<>(key, command, (out, rc) -> rc == 0 && !out.isBlank() ? out.strip() : "unknown");
    }

    public static final Fact<String> OS = line("os", ". /etc/os-release && echo \"$ID $VERSION_ID\"");
    public static final Fact<String> HOSTNAME = line("hostname", "cat /proc/sys/kernel/hostname");
    public static final Fact<String> KERNEL = line("kernel", "uname -r");
    public static final Fact<String> SYSTEMD = line("systemd", "systemctl --version | awk 'NR==1{print $2}'");
    public static final Fact<String> NETWORKD = line("networkd", "systemctl is-active systemd-networkd.service");
    public static final Fact<String> KEEPALIVED = line("keepalived", "command -v keepalived >/dev/null && keepalived --version 2>&1 | head -1");
    public static final Fact<String> ADDRESSES = line("addresses", "ip -br addr show");

    public static final List<Fact<String>> ALL = List.of(OS, HOSTNAME, KERNEL, SYSTEMD, NETWORKD, KEEPALIVED, ADDRESSES);

    public static Map<String, String> read(FactCache cache) throws io.hastate.core.transport.TransportException {
        cache.ensure(List.copyOf(ALL));
        FactValues values = cache.view(List.copyOf(ALL));
        Map<String, String> out = new LinkedHashMap<>();
        for (Fact<String> f : ALL) out.put(f.key(), values.get(f));
        return out;
    }
}
