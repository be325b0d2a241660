package io.hastate.api;

import io.hastate.core.model.Host;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.time.Duration;

/** How a run reaches its hosts, as {@link HostConnector#forRun} decides; {@link #session} opens one run's connections. */
public final class HostAccess implements Connector {
    private final Connector policy;

    HostAccess(Connector policy) {
        this.policy = policy;
    }

    @Override
    public Transport open(Host host) throws TransportException {
        return policy.open(host);
    }

    /**
     * One run's connections: a transport per host kept until closed; with {@code lock}, each host's lock
     * (naming {@code owner}) taken as it first connects, waiting up to {@code waitLock} for another run's.
     */
    public RunHosts session(boolean lock, String owner, Duration waitLock) {
        return new RunHosts(policy, lock, owner, waitLock);
    }
}
