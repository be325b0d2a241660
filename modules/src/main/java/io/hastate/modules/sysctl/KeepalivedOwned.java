package io.hastate.modules.sysctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.facts.Fact;

import java.util.ArrayList;
import java.util.List;

/**
 * Kernel parameters keepalived sets itself while it runs VMACs (keepalived's vrrp_if_config.c):
 * {@code all.rp_filter}, and on each VMAC {@code arp_ignore, accept_local, rp_filter,
 * promote_secondaries}, on its parent {@code arp_ignore, arp_filter}. Declaring them too would be a
 * fight with keepalived that shows as drift on every check.
 */
final class KeepalivedOwned {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A keepalived VMAC and its parent. */
    record Vmac(String name, String parent) {}

    static final Fact<List<Vmac>> VMACS = new Fact<>("keepalived-vmacs", "ip -d -j link show type macvlan 2>/dev/null", (out, rc) -> {
        List<Vmac> vmacs = new ArrayList<>();
        if (rc != 0 || out.isBlank()) return vmacs;
        try {
            for (JsonNode l : JSON.readTree(out)) {
                // VRRP virtual MACs: 00:00:5e:00:01:VRID (IPv4), 00:00:5e:00:02:VRID (IPv6), RFC 5798.
                String mac = l.path("address").asText();
                if (mac.startsWith("00:00:5e:00:01:") || mac.startsWith("00:00:5e:00:02:")) {
                    vmacs.add(new Vmac(l.path("ifname").asText(), l.path("link").asText()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read ip link output: " + e.getMessage());
        }
        return vmacs;
    });

    private KeepalivedOwned() {}

    /** Why keepalived owns {@code key} on a host with these VMACs, or null. */
    static String owner(SysctlKey key, List<Vmac> vmacs) {
        if (vmacs.isEmpty()) return null;
        String k = key.canonical();
        if (k.equals("net/ipv4/conf/all/rp_filter")) return "keepalived sets it to 0 while VMAC " + vmacs.get(0).name() + " exists";
        for (Vmac v : vmacs) {
            for (String p : List.of("arp_ignore", "accept_local", "rp_filter", "promote_secondaries")) {
                if (k.equals("net/ipv4/conf/" + v.name() + "/" + p)) return "keepalived sets it on its VMAC " + v.name();
            }
            for (String p : List.of("arp_ignore", "arp_filter")) {
                if (k.equals("net/ipv4/conf/" + v.parent() + "/" + p)) return "keepalived sets it on " + v.parent() + ", parent of VMAC " + v.name();
            }
        }
        return null;
    }
}
