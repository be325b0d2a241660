package io.hastate.cli;

import io.hastate.api.InventoryListing;
import io.hastate.api.Project;
import io.hastate.core.model.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Show the resolved hosts, groups, pairs and each host's merged variables. Contacts no host.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:inventory is valid", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class InventoryCommand implements Callable<Integer> {
    @Mixin
    SelectionOptions common;

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
                    .writeValueAsString(InventoryListing.json(inv, common.hosts(project))));
        } else {
            InventoryListing.text(inv, common.hosts(project), out);
        }
        out.flush();
        return 0;
    }
}
