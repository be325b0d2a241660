package io.hastate.api;

import io.hastate.core.model.Group;
import io.hastate.core.model.Host;
import io.hastate.core.model.Inventory;
import io.hastate.core.secret.Redactor;
import io.hastate.core.secret.SecretNames;
import io.hastate.ha.model.HealthCheck;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.ha.model.Pairs;
import io.hastate.ha.model.Vip;
import io.hastate.ha.model.Vrrp;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The resolved inventory as {@code hastate inventory} shows it: hosts, groups, pairs, merged variables, secrets masked. */
public final class InventoryListing {
    private InventoryListing() {}

    /** The listing as text, for the hosts {@code selected}. */
    public static void text(Inventory inv, List<String> selected, PrintWriter out) {
        out.println("inventory " + inv.source() + (inv.statesRoot() == null ? "" : " (states: " + inv.statesRoot() + ")"));
        out.println();
        out.println("hosts:");
        for (String name : selected) {
            Host h = inv.host(name);
            String conn = h.connection() == Host.Connection.LOCAL ? "local" :
                    "ssh " + (h.user() == null ? "" : h.user() + "@") + h.address() + ":" + h.portOrDefault() + (h.become().sudo() ? " (sudo)" : "");
            out.println("  " + name + "  " + conn);
            String groups = String.join(", ", inv.groupsOf(name));
            if (!groups.isEmpty()) out.println("    groups: " + groups);
            Pairs.of(inv, name).forEach(p -> {
                PairNode self = p.node(name).orElseThrow();
                out.println("    pair: " + p.name() + " (" + self.initialState() + ", priority " + self.priority()
                        + ", peer " + p.peerOf(name).orElseThrow().host() + ")");
            });
            out.println("    vars:");
            printVars(out, inv.mergedVars(name), "      ");
        }
        if (!inv.groups().isEmpty()) {
            out.println();
            out.println("groups:");
            for (Group g : inv.groups().values()) {
                out.println("  " + g.name() + ": " + String.join(", ", inv.groupMembers(g.name())));
            }
        }
        if (!Pairs.all(inv).isEmpty()) {
            out.println();
            out.println("pairs:");
            for (Pair p : Pairs.all(inv).values()) {
                if (p.severalInstances()) {
                    out.println("  " + p.name() + ": " + p.instances().size() + " VRRP instances");
                    for (Vrrp v : p.instances()) out.println("    instance " + v.name() + ": " + instanceText(p, v));
                } else {
                    out.println("  " + p.name() + ": " + instanceText(p, p.vrrp()));
                }
                p.syncGroups().forEach(g -> out.println("    sync group " + g.name() + ": " + String.join(", ", g.instances())));
                for (PairNode n : p.nodes()) out.println("    " + n.host() + "  " + n.initialState() + "  priority " + n.priority());
            }
        }
    }

    private static Map<String, Object> instanceJson(Pair p, Vrrp v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("virtual_router_id", v.virtualRouterId());
        m.put("interface", v.iface());
        m.put("advert_int", v.advertInt());
        m.put("vips", v.vips().stream().map(Vip::entry).toList());
        m.put("preempt", v.preempt());
        m.put("protection", v.protection());
        m.put("unicast", v.unicast());
        m.put("auth_pass", v.authPass() == null ? null : Redactor.MASK);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck c : v.checks()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.putAll(c.asInventory());
            checks.add(cm);
        }
        m.put("checks", checks);
        m.put("notify", v.notifyScripts());
        // Each node's priority in this instance, its own or the node's: what keepalived runs.
        Map<String, Integer> priorities = new LinkedHashMap<>();
        p.nodes().forEach(n -> priorities.put(n.host(), Pair.priority(n, v)));
        m.put("priorities", priorities);
        m.put("verbatim", v.verbatim());
        return m;
    }

    private static String instanceText(Pair p, Vrrp v) {
        return "vrid " + v.virtualRouterId() + " on " + v.iface() + ", advert " + v.advertInt() + " s, vips " + v.vips().stream().map(Vip::entry).toList()
                + (v.preempt() ? "" : ", nopreempt")
                + (v.priorities().isEmpty() ? "" : ", priorities " + String.join(", ", p.nodes().stream().map(n -> n.host() + " " + Pair.priority(n, v)).toList()))
                + checksText(v.checks())
                + (v.notifyScripts().isEmpty() ? "" : ", notify " + String.join(", ", v.notifyScripts().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).toList()))
                + (v.verbatim().isEmpty() ? "" : ", verbatim: " + String.join(" / ", v.verbatim()));
    }

    /** The resolved inventory as one document, in the reports' envelope; secret variables masked as in the text. */
    public static Map<String, Object> json(Inventory inv, List<String> selected) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", io.hastate.core.report.JsonReport.FORMAT_VERSION);
        doc.put("hastate_version", io.hastate.core.Version.text());
        doc.put("source", inv.source());
        doc.put("states", inv.statesRoot());
        List<Object> hosts = new ArrayList<>();
        for (String name : selected) {
            Host h = inv.host(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("connection", h.connection() == Host.Connection.LOCAL ? "local" : "ssh");
            m.put("address", h.address());
            m.put("port", h.portOrDefault());
            m.put("user", h.user());
            m.put("sudo", h.become().sudo());
            m.put("groups", inv.groupsOf(name));
            m.put("pair", Pairs.first(inv, name).map(Pair::name).orElse(null));
            m.put("pairs", Pairs.of(inv, name).stream().map(Pair::name).toList());
            Map<String, Object> vars = new LinkedHashMap<>();
            inv.mergedVars(name).forEach((k, v) -> vars.put(k, SecretNames.isSecret(k) ? Redactor.MASK : v));
            m.put("vars", vars);
            hosts.add(m);
        }
        doc.put("hosts", hosts);
        Map<String, Object> groups = new LinkedHashMap<>();
        for (Group g : inv.groups().values()) groups.put(g.name(), inv.groupMembers(g.name()));
        doc.put("groups", groups);
        List<Object> pairs = new ArrayList<>();
        for (Pair p : Pairs.all(inv).values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            // The main instance's fields at the pair's level, as for a pair of one instance; every instance under instances.
            m.putAll(instanceJson(p, p.vrrp()));
            m.put("name", p.name());
            m.put("instances", p.instances().stream().map(v -> instanceJson(p, v)).toList());
            Map<String, Object> syncGroups = new LinkedHashMap<>();
            p.syncGroups().forEach(g -> syncGroups.put(g.name(), Map.of("instances", g.instances(), "notify", g.notifyScripts())));
            m.put("sync_groups", syncGroups);
            m.put("nodes", p.nodes().stream().map(n -> {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("host", n.host());
                node.put("state", n.initialState());
                node.put("priority", n.priority());
                if (n.address() != null) node.put("address", n.address());
                return node;
            }).toList());
            pairs.add(m);
        }
        doc.put("pairs", pairs);
        return doc;
    }

    private static void printVars(PrintWriter out, Map<String, Object> vars, String indent) {
        if (vars.isEmpty()) out.println(indent + "(none)");
        vars.forEach((k, v) -> out.println(indent + k + ": " + (SecretNames.isSecret(k) ? Redactor.MASK : v)));
    }

    private static String checksText(List<HealthCheck> checks) {
        if (checks.isEmpty()) return "";
        return ", checks " + String.join(", ", checks.stream().map(c -> c.name() + " (" + (c.command() != null ? c.command() : "process " + c.process())
                + ", every " + c.interval() + " s, fall " + c.fall() + ", rise " + c.rise() + ", weight " + c.weight() + ")").toList());
    }
}
