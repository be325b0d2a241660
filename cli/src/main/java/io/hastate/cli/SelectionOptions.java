package io.hastate.cli;

import io.hastate.api.Project;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Which inventory and which of its hosts: all a command that contacts no host needs. */
final class SelectionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", description = "Inventory file (YAML); default: 'inventory' in hastate.yaml, or HASTATE_INVENTORY.")
    Path inventory;

    @Option(names = {"-l", "--limit"}, paramLabel = "TARGETS",
            description = "Only these hosts: comma-separated host, group or pair names, globs (web*), !exclusions.")
    String limit;

    @Option(names = "--debug", description = "Show stack traces and diagnostic logging.")
    boolean debug;

    @Option(names = "--modules", paramLabel = "DIR", description = "A folder of plugin jars with more state functions (repeatable; "
            + "the inventory's 'modules:' are added).")
    List<Path> modules = List.of();

    Project project(Path statesDir) {
        if (debug) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        if (inventory == null) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--inventory",
                    "no inventory: give -i FILE, or set 'inventory' in a hastate.yaml here or in a parent folder, or HASTATE_INVENTORY");
        }
        Project project = Project.load(inventory, statesDir, modules);
        // What loading decided for the user (a VIP without a prefix...), said once, before anything runs.
        PrintWriter err = mixee.commandLine().getErr();
        for (String note : project.inventory().notes()) err.println("hastate: note: " + note);
        err.flush();
        return project;
    }

    List<String> hosts(Project project) {
        return project.select(limit);
    }

}
