package io.hastate.core.facts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** Every address a host has, per device, from {@code ip -j addr}: one read for every state, check and rule that needs them. */
public final class NetAddresses {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One address: device, address, prefix length, scope (global, link, host). */
    public record NetAddress(String device, String address, int prefix, String scope) {
        public String cidr() {
            return address + "/" + prefix;
        }

        public boolean global() {
            return scope.equals("global");
        }
    }

    private NetAddresses() {}

    public static final Fact<List<NetAddress>> FACT = new Fact<>("ip-addresses", "ip -j addr show 2>/dev/null", NetAddresses::parse);

    static List<NetAddress> parse(String out, int rc) {
        List<NetAddress> held = new ArrayList<>();
        if (rc != 0 || out.isBlank()) return held;
        try {
            for (JsonNode link : JSON.readTree(out)) {
                for (JsonNode a : link.path("addr_info")) {
                    held.add(new NetAddress(link.path("ifname").asText(), a.path("local").asText(), a.path("prefixlen").asInt(),
                            a.path("scope").asText()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read ip addr output: " + e.getMessage());
        }
        return held;
    }

    /** The global-scope addresses only: the ones VIPs and advert sources are. */
    public static List<NetAddress> global(List<NetAddress> all) {
        return all.stream().filter(NetAddress::global).toList();
    }
}
