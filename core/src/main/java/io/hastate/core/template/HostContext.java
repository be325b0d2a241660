package io.hastate.core.template;

import io.hastate.core.model.Host;
import io.hastate.core.model.Inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What templates see for one host: the merged variables at top level, plus {@code host}, plus what
 * contributors add (the HA module adds {@code pair} and {@code peer} for a pair member).
 */
public final class HostContext {
    private HostContext() {}

    /** Adds template values for one host, computed from the inventory. */
    @FunctionalInterface
    public interface Contributor {
        void addTo(Map<String, Object> context, Inventory inv, String hostName);
    }

    public static Map<String, Object> of(Inventory inv, String hostName) {
        return of(inv, hostName, List.of());
    }

    public static Map<String, Object> of(Inventory inv, String hostName, List<Contributor> contributors) {
        Map<String, Object> ctx = new LinkedHashMap<>(inv.mergedVars(hostName));
        ctx.put("host", hostMap(inv.host(hostName)));
        for (Contributor c : contributors) c.addTo(ctx, inv, hostName);
        return ctx;
    }

    /** A host as templates see it: name, address, port, user. */
    public static Map<String, Object> hostMap(Host h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("address", h.address());
        m.put("port", h.portOrDefault());
        if (h.user() != null) m.put("user", h.user());
        return m;
    }
}
