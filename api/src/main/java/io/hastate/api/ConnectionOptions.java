package io.hastate.api;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.model.SshOptions;
import io.hastate.core.transport.ssh.SshSettings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach hosts, as a caller overrides it: null fields take the inventory's {@code ssh:} settings,
 * else the defaults (~/.ssh/known_hosts, ~/.ssh/config, 10 s to connect). {@code forceLocal} runs every
 * host's commands on this machine.
 */
public record ConnectionOptions(Path knownHosts, boolean acceptNewHostKeys, Path sshConfig, Integer connectTimeoutSeconds,
                                Duration commandTimeout, boolean forceLocal, java.util.function.Consumer<String> told) {

    /** {@code told} hears what a connection has to tell the user (a host key accepted); here nobody. */
    public ConnectionOptions(Path knownHosts, boolean acceptNewHostKeys, Path sshConfig, Integer connectTimeoutSeconds, Duration commandTimeout,
                             boolean forceLocal) {
        this(knownHosts, acceptNewHostKeys, sshConfig, connectTimeoutSeconds, commandTimeout, forceLocal, line -> { });
    }

    public static ConnectionOptions defaults() {
        return new ConnectionOptions(null, false, null, null, Duration.ofMinutes(5), false);
    }

    SshSettings ssh(Inventory inv) {
        SshOptions o = inv.ssh();
        Path known = knownHosts != null ? knownHosts : o.knownHosts() != null ? Path.of(o.knownHosts()) : SshSettings.defaultKnownHosts();
        Path config = sshConfig != null ? sshConfig : o.config() != null ? Path.of(o.config()) : SshSettings.defaultConfig();
        int timeout = connectTimeoutSeconds != null ? connectTimeoutSeconds : o.connectTimeoutSeconds() != null ? o.connectTimeoutSeconds() : 10;
        if (timeout < 1) throw new InvalidInputException(Location.COMMAND_LINE, "--connect-timeout", "must be at least 1 second");
        int handshakes = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        return new SshSettings(known, acceptNewHostKeys, config, Duration.ofSeconds(timeout), commandTimeout, handshakes, told);
    }
}
