package io.hastate.core.secret;

import io.hastate.core.model.Host;
import io.hastate.core.model.Inventory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every value an inventory marks as secret: secret-named variables at any depth, sudo passwords, and its host sets' secrets (VRRP passwords). */
public final class InventorySecrets {
    private InventorySecrets() {}

    public static Set<String> of(Inventory inventory) {
        Set<String> out = new LinkedHashSet<>();
        for (Host h : inventory.hosts().values()) {
            Map<String, Object> vars = inventory.mergedVars(h.name());
            collect(vars, false, out);
            String sudoVar = h.become().passwordVar();
            if (sudoVar != null && vars.get(sudoVar) != null) out.add(String.valueOf(vars.get(sudoVar)));
        }
        inventory.sections().values().forEach(sets -> sets.values().forEach(s -> out.addAll(s.secrets())));
        return out;
    }

    /** Adds the values under secret-named keys (or below them) to {@code out}. */
    public static void collect(Object value, boolean secret, Set<String> out) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) collect(e.getValue(), secret || SecretNames.isSecret(String.valueOf(e.getKey())), out);
        } else if (value instanceof List<?> l) {
            for (Object o : l) collect(o, secret, out);
        } else if (secret && value != null) {
            out.add(value.toString());
        }
    }
}
