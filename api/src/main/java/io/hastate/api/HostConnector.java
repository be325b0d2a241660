package io.hastate.api;

import io.hastate.core.model.Host;
import io.hastate.core.model.Inventory;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.LocalTransport;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.transport.ssh.SshConnector;
import io.hastate.core.transport.ssh.SshSettings;

import java.time.Duration;
import java.util.Map;

/** Picks the transport a host asks for: local, or SSH (set up once, on first use). */
public final class HostConnector implements Connector {
    private final Inventory inventory;
    private final boolean forceLocal;
    private final Duration commandTimeout;
    private final SshSettings sshSettings;
    private SshConnector ssh;

    /**
     * The transport policy of a run: each host local or over SSH as the inventory and {@code options} say;
     * {@code manyCommands} (a run that sends each host many) keeps one shell per host for them;
     * {@code trace}, when given, hears every command before it runs.
     */
    public static HostAccess forRun(Inventory inventory, ConnectionOptions options, boolean manyCommands, java.util.function.Consumer<String> trace) {
        Connector hosts = of(inventory, options);
        if (manyCommands) hosts = io.hastate.core.transport.KeptShellTransport.keeping(hosts, options.commandTimeout());
        return new HostAccess(trace == null ? hosts : new TracingConnector(hosts, trace));
    }

    public static HostConnector of(Inventory inventory, ConnectionOptions options) {
        return new HostConnector(inventory, options.forceLocal(), options.commandTimeout(), options.ssh(inventory));
    }

    public HostConnector(Inventory inventory, boolean forceLocal, Duration commandTimeout, SshSettings sshSettings) {
        this.inventory = inventory;
        this.forceLocal = forceLocal;
        this.commandTimeout = commandTimeout;
        this.sshSettings = sshSettings;
    }

    @Override
    public Transport open(Host host) throws TransportException {
        Map<String, Object> vars = inventory.mergedVars(host.name());
        Backups backups = Backups.of(vars);
        if (forceLocal || host.connection() == Host.Connection.LOCAL) {
            return new LocalTransport(commandTimeout, backups);
        }
        String password = null;
        if (host.become().passwordVar() != null) {
            Object pw = vars.get(host.become().passwordVar());
            // The loader has checked that the variable exists.
            password = String.valueOf(pw);
        }
        return sshConnector().open(host, password, backups);
    }

    private synchronized SshConnector sshConnector() throws TransportException {
        if (ssh == null) ssh = new SshConnector(sshSettings);
        return ssh;
    }
}
