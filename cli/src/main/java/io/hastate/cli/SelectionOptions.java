package io.hastate.cli;

import io.hastate.api.Project;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Which inventory and which of its hosts: all a command that contacts no host needs. */
final class SelectionOptions {
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
            throw new InvalidInputException(new Location("command line", 0), "--inventory",
                    "no inventory: give -i FILE, or set 'inventory' in a hastate.yaml here or in a parent folder, or HASTATE_INVENTORY");
        }
        return Project.load(inventory, statesDir, modules);
    }

    List<String> hosts(Project project) {
        return project.select(limit);
    }

}
