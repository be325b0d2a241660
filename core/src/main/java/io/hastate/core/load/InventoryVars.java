package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.secret.Redactor;
import io.hastate.core.transport.Backups;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inventory's variables as its loader reads them, wherever they are written: reserved names refused,
 * secret sources read, backup settings checked, and secret fields resolved against them.
 */
final class InventoryVars {
    private static final Pattern ONE_VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final SecretSources secrets;
    private final Map<String, Object> all;

    /** {@code folder}: the inventory's, where secret files are found; {@code top}: its {@code vars:}. */
    InventoryVars(Path folder, YNode top) {
        this.secrets = new SecretSources(folder);
        this.all = read(top, "vars");
    }

    /** The inventory's own {@code vars:}, which every host has. */
    Map<String, Object> all() {
        return all;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> read(YNode node, String field) {
        if (node == null || node instanceof YNode.YScalar s && s.isNull()) return Map.of();
        YNode.YMap m = node.asMap(field);
        for (YNode.YMap.Entry e : m.entries().values()) {
            if (InventoryLoader.RESERVED_VARS.contains(e.key())) {
                throw new InvalidInputException(e.keyLocation(), field + "." + e.key(),
                        "'" + e.key() + "' is reserved: hastate sets it for templates");
            }
        }
        Map<String, Object> plain = secrets.vars(m, field);
        // Backup settings are checked where they are written, wherever that is (all, a group, a pair, a host).
        for (String key : List.of("hastate_backup_dir", "hastate_backup_keep")) {
            if (!m.has(key)) continue;
            Map<String, Object> alone = new LinkedHashMap<>();
            alone.put(key, plain.get(key));
            try {
                Backups.of(alone);
            } catch (IllegalArgumentException ex) {
                throw new InvalidInputException(m.get(key).location(), field + "." + key, ex.getMessage());
            }
        }
        // Map.copyOf refuses nulls; keep the declared order and drop null leaves explicitly.
        Map<String, Object> out = new LinkedHashMap<>();
        plain.forEach((k, v) -> out.put(k, v == null ? "" : v));
        return out;
    }

    /** A secret field: a secret source, one {{variable}} of the owner or the inventory, or the text itself. */
    String secret(YNode node, String field, Map<String, Object> localVars, String localVarsOwner) {
        String value;
        if (SecretSources.isSource(node)) {
            value = secrets.read((YNode.YMap) node, field);
        } else {
            value = node.asString(field);
            Matcher ref = ONE_VARIABLE.matcher(value);
            if (ref.matches()) {
                Object v = localVars.containsKey(ref.group(1)) ? localVars.get(ref.group(1)) : all.get(ref.group(1));
                if (!(v instanceof String s)) {
                    throw new InvalidInputException(node.location(), field, v == null ? "no variable '" + ref.group(1) + "' in " + localVarsOwner
                            + " or the inventory's vars" : "variable '" + ref.group(1) + "' is not a text value");
                }
                value = s;
            } else if (value.contains("{{")) {
                throw new InvalidInputException(node.location(), field, "may name one variable as {{name}}, nothing more");
            }
        }
        Redactor.OUTPUT.add(value);
        return value;
    }
}
