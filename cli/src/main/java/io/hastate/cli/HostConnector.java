package io.hastate.cli;

import io.hastate.core.model.Host;
import io.hastate.core.model.Inventory;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.LocalTransport;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.time.Duration;

/** Picks the transport a host asks for: local, or SSH. */
final class HostConnector implements Connector {
    private final Inventory inventory;
    private final boolean forceLocal;
    private final Duration commandTimeout;

    HostConnector(Inventory inventory, boolean forceLocal, Duration commandTimeout) {
        this.inventory = inventory;
        this.forceLocal = forceLocal;
        this.commandTimeout = commandTimeout;
    }

    @Override
    public Transport open(Host host) throws TransportException {
        if (forceLocal || host.connection() == Host.Connection.LOCAL) {
            return new LocalTransport(commandTimeout, backupDir(host));
        }
        throw new TransportException("the SSH transport is not implemented yet; use connection: local or --connection local");
    }

    private String backupDir(Host host) {
        Object dir = inventory.mergedVars(host.name()).get("hastate_backup_dir");
        return dir == null ? Transport.DEFAULT_BACKUP_DIR : dir.toString();
    }
}
