package io.hastate.cli;

import io.hastate.api.ConnectionOptions;
import io.hastate.api.HostAccess;
import io.hastate.api.HostConnector;
import io.hastate.api.Project;
import io.hastate.core.run.EngineListener;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Options every command shares: which inventory, which hosts, how to connect. */
final class CommonOptions {
    @Mixin
    SelectionOptions selection = new SelectionOptions();

    @Option(names = "--connection", paramLabel = "ssh|local",
            description = "Override every host's connection; 'local' runs on this machine.")
    String connection;

    @Option(names = {"-v", "--verbose"}, description = "-v: every change on stderr even without a terminal (else only each host's start and end), and the states "
            + "already in sync; -vv: also every command sent.")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-q", "--quiet"}, description = "Nothing on stderr while it runs, only the report.")
    boolean quiet;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default: the inventory's ssh.known_hosts, else ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--accept-new-host-keys", description = "Record the keys of hosts not yet in known_hosts (a changed key is always refused).")
    boolean acceptNewHostKeys;

    @Option(names = "--ssh-config", paramLabel = "FILE", description = "OpenSSH config (default: the inventory's ssh.config, else ~/.ssh/config).")
    Path sshConfig;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "SSH connect timeout (default: the inventory's ssh.connect_timeout, else 10).")
    Integer connectTimeout;

    /** The transport policy: local or SSH per host, traced with {@code -vv}. */
    HostAccess connector(Inventory inv, Duration commandTimeout, PrintWriter err) {
        return connector(inv, commandTimeout, err, false);
    }

    /** {@code manyCommands}: the run sends each host many commands, so each host keeps one shell for them. */
    HostAccess connector(Inventory inv, Duration commandTimeout, PrintWriter err, boolean manyCommands) {
        java.util.function.Consumer<String> tell = line -> {
            synchronized (err) {
                err.println("hastate: " + line);
                err.flush();
            }
        };
        return HostConnector.forRun(inv, new ConnectionOptions(knownHosts, acceptNewHostKeys, sshConfig, connectTimeout, commandTimeout, forceLocal(), tell),
                manyCommands, verbose.length >= 2 ? tell : null);
    }

    Project project(Path statesDir) {
        if (connection != null && !connection.equals("ssh") && !connection.equals("local")) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--connection", "must be ssh or local, got '" + connection + "'");
        }
        return selection.project(statesDir);
    }

    EngineListener progress(PrintWriter err) {
        return Progress.choose(err, verbose.length, quiet, System.console() != null, System.getenv("NO_COLOR") != null);
    }

    /** Whether the text report is in colour: on a terminal, unless NO_COLOR is set (no-color.org). */
    boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }

    List<String> hosts(Project project) {
        return selection.hosts(project);
    }

    boolean listInSync() {
        return verbose.length > 0;
    }

    boolean forceLocal() {
        return "local".equals(connection);
    }
}
