package io.hastate.cli;

import io.hastate.api.Project;
import io.hastate.core.model.Group;
import io.hastate.core.model.Host;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Pair;
import io.hastate.core.model.PairNode;
import io.hastate.core.secret.Redactor;
import io.hastate.core.secret.SecretNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Show the resolved hosts, groups, pairs and each host's merged variables. Contacts no host.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:inventory is valid", "3:invalid input"})
final class InventoryCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    ListingFormat format;

    @Override
    public Integer call() throws Exception {
        Project project = common.project(null);
        Inventory inv = project.inventory();
        PrintWriter out = spec.commandLine().getOut();
        if (format == ListingFormat.json) {
            out.println(new com.fasterxml.jackson.databind.ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(json(inv, common.hosts(project))));
            out.flush();
            return 0;
        }
        out.println("inventory " + inv.source() + (inv.statesRoot() == null ? "" : " (states: " + inv.statesRoot() + ")"));
        out.println();
        out.println("hosts:");
        for (String name : common.hosts(project)) {
            Host h = inv.host(name);
            String conn = h.connection() == Host.Connection.LOCAL ? "local" :
                    "ssh " + (h.user() == null ? "" : h.user() + "@") + h.address() + ":" + h.portOrDefault() + (h.become().sudo() ? " (sudo)" : "");
            out.println("  " + name + "  " + conn);
            String groups = String.join(", ", inv.groupsOf(name));
            if (!groups.isEmpty()) out.println("    groups: " + groups);
            inv.pairOf(name).ifPresent(p -> {
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
        if (!inv.pairs().isEmpty()) {
            out.println();
            out.println("pairs:");
            for (Pair p : inv.pairs().values()) {
                out.println("  " + p.name() + ": vrid " + p.vrrp().virtualRouterId() + " on " + p.vrrp().iface()
                        + ", advert " + p.vrrp().advertInt() + " s, vips " + p.vrrp().vips() + (p.vrrp().preempt() ? "" : ", nopreempt")
                        + checksText(p.vrrp().checks())
                        + (p.vrrp().notifyScripts().isEmpty() ? "" : ", notify " + String.join(", ", p.vrrp().notifyScripts().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue()).toList())));
                for (PairNode n : p.nodes()) out.println("    " + n.host() + "  " + n.initialState() + "  priority " + n.priority());
            }
        }
        out.flush();
        return 0;
    }

    /** The resolved inventory as one document, in the reports' envelope; secret variables masked as in the text. */
    private static Map<String, Object> json(Inventory inv, java.util.List<String> selected) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("format_version", io.hastate.core.report.JsonReport.FORMAT_VERSION);
        doc.put("hastate_version", io.hastate.core.Version.text());
        doc.put("source", inv.source());
        doc.put("states", inv.statesRoot());
        java.util.List<Object> hosts = new java.util.ArrayList<>();
        for (String name : selected) {
            Host h = inv.host(name);
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", name);
            m.put("connection", h.connection() == Host.Connection.LOCAL ? "local" : "ssh");
            m.put("address", h.address());
            m.put("port", h.portOrDefault());
            m.put("user", h.user());
            m.put("sudo", h.become().sudo());
            m.put("groups", inv.groupsOf(name));
            m.put("pair", inv.pairOf(name).map(Pair::name).orElse(null));
            Map<String, Object> vars = new java.util.LinkedHashMap<>();
            inv.mergedVars(name).forEach((k, v) -> vars.put(k, SecretNames.isSecret(k) ? Redactor.MASK : v));
            m.put("vars", vars);
            hosts.add(m);
        }
        doc.put("hosts", hosts);
        Map<String, Object> groups = new java.util.LinkedHashMap<>();
        for (Group g : inv.groups().values()) groups.put(g.name(), inv.groupMembers(g.name()));
        doc.put("groups", groups);
        java.util.List<Object> pairs = new java.util.ArrayList<>();
        for (Pair p : inv.pairs().values()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", p.name());
            m.put("virtual_router_id", p.vrrp().virtualRouterId());
            m.put("interface", p.vrrp().iface());
            m.put("advert_int", p.vrrp().advertInt());
            m.put("vips", p.vrrp().vips().stream().map(String::valueOf).toList());
            m.put("preempt", p.vrrp().preempt());
            m.put("protection", p.vrrp().protection());
            m.put("unicast", p.vrrp().unicast());
            m.put("auth_pass", p.vrrp().authPass() == null ? null : io.hastate.core.secret.Redactor.MASK);
            List<Map<String, Object>> checks = new ArrayList<>();
            for (io.hastate.core.model.HealthCheck c : p.vrrp().checks()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("name", c.name());
                cm.putAll(c.asInventory());
                checks.add(cm);
            }
            m.put("checks", checks);
            m.put("notify", p.vrrp().notifyScripts());
            m.put("nodes", p.nodes().stream().map(n -> {
                Map<String, Object> node = new java.util.LinkedHashMap<>();
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

    private static String checksText(List<io.hastate.core.model.HealthCheck> checks) {
        if (checks.isEmpty()) return "";
        return ", checks " + String.join(", ", checks.stream().map(c -> c.name() + " (" + (c.command() != null ? c.command() : "process " + c.process())
                + ", every " + c.interval() + " s, fall " + c.fall() + ", rise " + c.rise() + ", weight " + c.weight() + ")").toList());
    }
}
