package io.hastate.cli;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.load.Targets;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import picocli.CommandLine.Option;

import io.hastate.core.model.SshOptions;
import io.hastate.core.secret.InventorySecrets;
import io.hastate.core.secret.Redactor;
import io.hastate.core.transport.ssh.SshSettings;

import java.nio.file.Path;
import java.time.Duration;
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

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default: the inventory's ssh.known_hosts, else ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--accept-new-host-keys", description = "Record the keys of hosts not yet in known_hosts (a changed key is always refused).")
    boolean acceptNewHostKeys;

    @Option(names = "--ssh-config", paramLabel = "FILE", description = "OpenSSH config (default: the inventory's ssh.config, else ~/.ssh/config).")
    Path sshConfig;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "SSH connect timeout (default: the inventory's ssh.connect_timeout, else 10).")
    Integer connectTimeout;

    SshSettings sshSettings(Inventory inv, Duration commandTimeout) {
        SshOptions o = inv.ssh();
        Path known = knownHosts != null ? knownHosts : o.knownHosts() != null ? Path.of(o.knownHosts()) : SshSettings.defaultKnownHosts();
        Path config = sshConfig != null ? sshConfig : o.config() != null ? Path.of(o.config()) : SshSettings.defaultConfig();
        int timeout = connectTimeout != null ? connectTimeout : o.connectTimeoutSeconds() != null ? o.connectTimeoutSeconds() : 10;
        if (timeout < 1) throw new InvalidInputException(new Location("command line", 0), "--connect-timeout", "must be at least 1 second");
        int handshakes = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        return new SshSettings(known, acceptNewHostKeys, config, Duration.ofSeconds(timeout), commandTimeout, handshakes);
    }

    HostConnector connector(Inventory inv, Duration commandTimeout) {
        return new HostConnector(inv, forceLocal(), commandTimeout, sshSettings(inv, commandTimeout));
    }

    Inventory loadInventory() {
        if (connection != null && !connection.equals("ssh") && !connection.equals("local")) {
            throw new InvalidInputException(new Location("command line", 0), "--connection", "must be ssh or local, got '" + connection + "'");
        }
        if (debug) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        Inventory inv = new InventoryLoader().load(inventory);
        Redactor.OUTPUT.addAll(InventorySecrets.of(inv));
        return inv;
    }

    List<String> hosts(Inventory inv) {
        if (limit == null) return List.copyOf(inv.hosts().keySet());
        if (limit.isBlank()) throw new InvalidInputException(new Location("command line", 0), "--limit", "must name at least one host, group or pair");
        return Targets.select(inv, limit).orElseThrow(() -> new InvalidInputException(new Location("command line", 0), "--limit",
                "'" + limit + "' matches nothing in " + inv.source() + " (hosts: " + String.join(", ", inv.hosts().keySet()) + ")"));
    }

    boolean forceLocal() {
        return "local".equals(connection);
    }
}
