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

    @Override
    public Integer call() {
        Project project = common.project(null);
        Inventory inv = project.inventory();
        PrintWriter out = spec.commandLine().getOut();
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
                        + ", advert " + p.vrrp().advertInt() + " s, vips " + p.vrrp().vips() + (p.vrrp().preempt() ? "" : ", nopreempt"));
                for (PairNode n : p.nodes()) out.println("    " + n.host() + "  " + n.initialState() + "  priority " + n.priority());
            }
        }
        out.flush();
        return 0;
    }

    private static void printVars(PrintWriter out, Map<String, Object> vars, String indent) {
        if (vars.isEmpty()) out.println(indent + "(none)");
        vars.forEach((k, v) -> out.println(indent + k + ": " + (SecretNames.isSecret(k) ? Redactor.MASK : v)));
    }
}
