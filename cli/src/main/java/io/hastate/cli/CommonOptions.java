package io.hastate.cli;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.load.Targets;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Options every command shares: which inventory, which hosts, how to connect. */
final class CommonOptions {
    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "FILE", description = "Inventory file (YAML).")
    Path inventory;

    @Option(names = {"-l", "--limit"}, paramLabel = "TARGETS",
            description = "Only these hosts: comma-separated host, group or pair names, globs (web*), !exclusions.")
    String limit;

    @Option(names = "--connection", paramLabel = "ssh|local",
            description = "Override every host's connection; 'local' runs on this machine.")
    String connection;

    @Option(names = "--debug", description = "Show stack traces and diagnostic logging.")
    boolean debug;

    Inventory loadInventory() {
        if (connection != null && !connection.equals("ssh") && !connection.equals("local")) {
            throw new InvalidInputException(new Location("command line", 0), "--connection", "must be ssh or local, got '" + connection + "'");
        }
        if (debug) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        return new InventoryLoader().load(inventory);
    }

    List<String> hosts(Inventory inv) {
        if (limit == null) return List.copyOf(inv.hosts().keySet());
        return Targets.select(inv, limit).orElseThrow(() -> new InvalidInputException(new Location("command line", 0), "--limit",
                "'" + limit + "' matches nothing in " + inv.source() + " (hosts: " + String.join(", ", inv.hosts().keySet()) + ")"));
    }

    boolean forceLocal() {
        return "local".equals(connection);
    }
}
