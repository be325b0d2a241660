package io.hastate.core.facts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** A host's IPv4 default routes through a single gateway, from {@code ip -j -4 route show default}. */
public final class DefaultRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One default route: the device it leaves by and its gateway. */
    public record DefaultRoute(String device, String gateway) {}

    private DefaultRoutes() {}

    public static final Fact<List<DefaultRoute>> FACT = new Fact<>("ip-default-routes", "ip -j -4 route show default 2>/dev/null",
            DefaultRoutes::parse);

    /** Multipath routes (no single gateway) and routes without a gateway are left out. */
    static List<DefaultRoute> parse(String out, int rc) {
        List<DefaultRoute> routes = new ArrayList<>();
        if (rc != 0 || out.isBlank()) return routes;
        try {
            for (JsonNode r : JSON.readTree(out)) {
                String gateway = r.path("gateway").asText("");
                String device = r.path("dev").asText("");
                if (gateway.isEmpty() || device.isEmpty()) continue;
                DefaultRoute route = new DefaultRoute(device, gateway);
                if (!routes.contains(route)) routes.add(route);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read ip route output: " + e.getMessage());
        }
        return routes;
    }
}
