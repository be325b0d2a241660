package io.hastate.ha.facts;

import io.hastate.core.facts.Fact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** The addresses a host holds right now, per device: where a pair's VIPs live. */
public final class VipFacts {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One global-scope address on one device. */
    public record Held(String device, String address) {}

    private VipFacts() {}

    public static final Fact<List<Held>> ADDRESSES = new Fact<>("vip-addresses", "ip -j addr show 2>/dev/null", (out, rc) -> {
        List<Held> held = new ArrayList<>();
        if (rc != 0 || out.isBlank()) return held;
        try {
            for (JsonNode link : JSON.readTree(out)) {
                for (JsonNode a : link.path("addr_info")) {
                    if (a.path("scope").asText().equals("global")) held.add(new Held(link.path("ifname").asText(), a.path("local").asText()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read ip addr output: " + e.getMessage());
        }
        return held;
    });
}
