package io.hastate.ha.importing;

import io.hastate.core.text.Printable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code pairs:} section of an inventory for imported pairs, with what was found and what apply
 * would change as comments. Much of it comes from the hosts, so it is written by the YAML library's
 * emitter, never by joining strings, and every comment is one line of printable ASCII: nothing a host
 * sends can become a key of the inventory.
 */
public final class PairsYaml {
    private PairsYaml() {}

    /** {@code secretPath}: where an instance's auth_pass is kept, as the inventory refers to it. */
    public static String render(List<ImportedPair> pairs, Function<ImportedPair.Instance, String> secretPath) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (ImportedPair p : pairs) byName.put(p.name(), pairMap(p, secretPath));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setProcessComments(true);
        options.setWidth(1 << 16);
        Yaml yaml = new Yaml(new Representer(options), options);
        MappingNode root = (MappingNode) yaml.represent(Map.of("pairs", byName));
        MappingNode pairsNode = (MappingNode) root.getValue().get(0).getValueNode();
        for (int i = 0; i < pairs.size(); i++) {
            NodeTuple pair = pairsNode.getValue().get(i);
            pair.getKeyNode().setBlockComments(comments(pairs.get(i)));
            inFlowStyle((MappingNode) pair.getValueNode());
        }
        StringWriter out = new StringWriter();
        yaml.serialize(root, out);
        return out.toString();
    }

    /** The line of an inventory that takes its hosts from an Ansible inventory at {@code path}. */
    public static String ansibleSource(String path) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(1 << 16);
        return new Yaml(options).dump(Map.of("ansible", path));
    }

    private static Map<String, Object> pairMap(ImportedPair p, Function<ImportedPair.Instance, String> secretPath) {
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (ImportedPair.Node n : p.nodes()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("priority", n.priority());
            if (n.state().equals("MASTER")) node.put("state", "MASTER");
            if (n.address() != null) node.put("address", n.address());
            nodes.put(n.host(), node);
        }
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("nodes", nodes);
        if (p.oneInstance()) {
            pair.put("vrrp", instanceMap(p, p.main(), secretPath));
        } else {
            Map<String, Object> instances = new LinkedHashMap<>();
            for (ImportedPair.Instance i : p.instances()) instances.put(i.name(), instanceMap(p, i, secretPath));
            pair.put("instances", instances);
        }
        if (!p.syncGroups().isEmpty()) {
            Map<String, Object> groups = new LinkedHashMap<>();
            for (var g : p.syncGroups()) {
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("instances", g.instances());
                if (!g.notifyScripts().isEmpty()) group.put("notify", new LinkedHashMap<>(g.notifyScripts()));
                groups.put(g.name(), group);
            }
            pair.put("sync_groups", groups);
        }
        if (!p.globalDefs().isEmpty()) pair.put("global_defs", p.globalDefs());
        if (!p.verbatim().isEmpty()) pair.put("verbatim", p.verbatim());
        return pair;
    }

    private static Map<String, Object> instanceMap(ImportedPair p, ImportedPair.Instance i, Function<ImportedPair.Instance, String> secretPath) {
        Map<String, Object> vrrp = new LinkedHashMap<>();
        vrrp.put("virtual_router_id", i.virtualRouterId());
        vrrp.put("interface", i.iface());
        vrrp.put("advert_int", i.advertInt());
        vrrp.put("vips", i.vips());
        vrrp.put("protection", p.protectionOf(i));
        if (i.unicast()) vrrp.put("unicast", true);
        if (!i.preempt()) vrrp.put("preempt", false);
        if (i.authPass() != null) vrrp.put("auth_pass", Map.of("file", secretPath.apply(i)));
        if (!i.priorities().isEmpty()) vrrp.put("priorities", new LinkedHashMap<>(i.priorities()));
        if (!i.checks().isEmpty()) {
            Map<String, Object> checks = new LinkedHashMap<>();
            i.checks().forEach(c -> checks.put(c.name(), c.asInventory()));
            vrrp.put("checks", checks);
        }
        if (!i.notifyScripts().isEmpty()) vrrp.put("notify", new LinkedHashMap<>(i.notifyScripts()));
        if (!i.verbatim().isEmpty()) vrrp.put("verbatim", i.verbatim());
        return vrrp;
    }

    private static List<CommentLine> comments(ImportedPair p) {
        List<String> lines = new ArrayList<>();
        lines.add("found on " + String.join("; ", p.renderers()));
        if (p.differences().isEmpty()) {
            lines.add("the HA tree's keepalived.conf means the same as the one found");
        } else {
            lines.add("what the HA tree's apply would change:");
            for (String d : p.differences()) lines.add("  " + d);
        }
        return lines.stream().map(l -> new CommentLine(null, null, " " + Printable.asciiLine(l), CommentType.BLOCK)).toList();
    }

    /** Each node's settings, the VIP list and an instance's maps on one line, as an operator writes them. */
    private static void inFlowStyle(MappingNode pair) {
        for (NodeTuple t : pair.getValue()) {
            String key = String.valueOf(((org.yaml.snakeyaml.nodes.ScalarNode) t.getKeyNode()).getValue());
            // Lines carried as written stay one per line.
            if (!(t.getValueNode() instanceof MappingNode section)) continue;
            if (key.equals("instances")) {
                for (NodeTuple instance : section.getValue()) instanceInFlowStyle((MappingNode) instance.getValueNode());
                continue;
            }
            if (key.equals("vrrp")) {
                instanceInFlowStyle(section);
                continue;
            }
            for (NodeTuple entry : section.getValue()) {
                if (entry.getValueNode() instanceof MappingNode m) m.setFlowStyle(DumperOptions.FlowStyle.FLOW);
            }
        }
    }

    private static void instanceInFlowStyle(MappingNode instance) {
        for (NodeTuple entry : instance.getValue()) {
            Node value = entry.getValueNode();
            // Verbatim lines stay one per line, as keepalived.conf has them.
            if (((org.yaml.snakeyaml.nodes.ScalarNode) entry.getKeyNode()).getValue().equals("verbatim")) continue;
            if (value instanceof SequenceNode s) s.setFlowStyle(DumperOptions.FlowStyle.FLOW);
            if (value instanceof MappingNode m) m.setFlowStyle(DumperOptions.FlowStyle.FLOW);
        }
    }
}
