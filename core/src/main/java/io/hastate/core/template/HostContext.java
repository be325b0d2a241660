package io.hastate.core.template;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
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

    /**
     * Adds template values for one host, computed from the inventory and from {@link #grains}: facts read
     * from the host before its states are rendered (which renderer owns an interface, say).
     */
    @FunctionalInterface
    public interface Contributor {
        /** {@code grains}: the values of the facts {@link #grains} asked for; a host not reached has none. */
        void addTo(Map<String, Object> context, Inventory inv, String hostName, FactValues grains);

        /** The facts this contributor needs from the host before rendering; none by default. */
        default List<Fact<?>> grains(Inventory inv, String hostName) {
            return List.of();
        }
    }

    public static Map<String, Object> of(Inventory inv, String hostName) {
        return of(inv, hostName, List.of(), FactValues.NONE);
    }

    public static Map<String, Object> of(Inventory inv, String hostName, List<Contributor> contributors, FactValues grains) {
        Map<String, Object> ctx = new LinkedHashMap<>(inv.mergedVars(hostName));
        ctx.put("host", hostMap(inv.host(hostName)));
        for (Contributor c : contributors) c.addTo(ctx, inv, hostName, grains);
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
