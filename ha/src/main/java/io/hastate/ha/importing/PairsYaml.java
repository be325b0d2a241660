package io.hastate.ha.importing;

import java.util.List;
import java.util.function.Function;

/**
 * The {@code pairs:} section of an inventory for imported pairs, with what was found and what apply
 * would change as comments. Every value written was validated by {@link PairFinder}: names are
 * identifiers, the rest numbers, addresses and keywords, so nothing needs quoting but the secret's path.
 */
public final class PairsYaml {
    private PairsYaml() {}

    /** {@code secretPath}: where a pair's auth_pass is kept, as the inventory refers to it. */
    public static String render(List<ImportedPair> pairs, Function<ImportedPair, String> secretPath) {
        StringBuilder y = new StringBuilder("pairs:\n");
        for (ImportedPair p : pairs) {
            y.append("  # found on ").append(String.join("; ", p.renderers())).append('\n');
            if (p.differences().isEmpty()) {
                y.append("  # the HA tree's keepalived.conf means the same as the one found\n");
            } else {
                y.append("  # what the HA tree's apply would change:\n");
                for (String d : p.differences()) y.append("  #   ").append(d.replace('\n', ' ')).append('\n');
            }
            y.append("  ").append(p.name()).append(":\n    nodes:\n");
            for (ImportedPair.Node n : p.nodes()) {
                y.append("      ").append(n.host()).append(": {priority: ").append(n.priority());
                if (n.state().equals("MASTER")) y.append(", state: MASTER");
                if (n.address() != null) y.append(", address: ").append(n.address());
                y.append("}\n");
            }
            y.append("    vrrp:\n");
            y.append("      virtual_router_id: ").append(p.virtualRouterId()).append('\n');
            y.append("      interface: ").append(p.iface()).append('\n');
            y.append("      advert_int: ").append(p.advertInt()).append('\n');
            y.append("      vips: [").append(String.join(", ", p.vips())).append("]\n");
            y.append("      protection: ").append(p.protection()).append('\n');
            if (p.unicast()) y.append("      unicast: true\n");
            if (!p.preempt()) y.append("      preempt: false\n");
            if (p.authPass() != null) y.append("      auth_pass: {file: ").append(quoted(secretPath.apply(p))).append("}\n");
        }
        return y.toString();
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }
}
