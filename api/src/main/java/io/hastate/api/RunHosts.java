package io.hastate.api;

import io.hastate.core.model.Host;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.RunConnections;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.time.Duration;

/** The hosts of one run ({@link HostAccess#session}): connected on first use, locked when the run changes them, closed at its end. */
public final class RunHosts implements Connector, AutoCloseable {
    private final RunConnections connections;

    RunHosts(Connector policy, boolean lock, String owner, Duration waitLock) {
        this.connections = new RunConnections(policy, lock, owner, waitLock);
    }

    @Override
    public Transport open(Host host) throws TransportException {
        return connections.open(host);
    }

    /** These connections for reads before the run changes anything (planning's): they take no host lock. */
    public Connector reading() {
        return connections.reading();
    }

    @Override
    public void close() {
        connections.close();
    }
}
