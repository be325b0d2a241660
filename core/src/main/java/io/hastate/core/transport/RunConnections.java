package io.hastate.core.transport;

import io.hastate.core.model.Host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of one run: one transport per host, opened on first use and kept until the run
 * ends; a host that could not be reached once is refused for the rest of the run. A changing run
 * also takes each host's lock as it first connects, and holds it to the end, so that two runs never
 * change one host (or both nodes of a pair) at once.
 */
public final class RunConnections implements Connector, AutoCloseable {
    private final Connector connector;
    private final String owner;
    private final Duration waitLock;
    private final boolean lock;
    private final String run = java.util.UUID.randomUUID().toString();
    private final Map<String, Object> monitors = new ConcurrentHashMap<>();
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Map<String, TransportException> refused = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Open(Transport transport, Transport.Held lock) {}

    /** {@code owner}: who the lock file names; {@code lock}: take host locks (changing runs). */
    public RunConnections(Connector connector, boolean lock, String owner, Duration waitLock) {
        this.connector = connector;
        this.lock = lock;
        this.owner = owner;
        this.waitLock = waitLock;
    }

    @Override
    public Transport open(Host host) throws TransportException {
        return open(host, lock);
    }

    /**
     * The same connections for what is read before the run changes anything (what planning needs): no
     * lock is taken, and the run's first {@link #open} of the host takes it on that connection. Two
     * changing runs thus take their locks in the run's own order, never in the order reads finish.
     */
    public Connector reading() {
        return host -> open(host, false);
    }

    private Transport open(Host host, boolean locking) throws TransportException {
        synchronized (monitors.computeIfAbsent(host.name(), k -> new Object())) {
            if (closed) throw new TransportException("the run is over");
            TransportException before = refused.get(host.name());
            if (before != null) throw before;
            Open o = open.get(host.name());
            if (o == null) {
                try {
                    o = new Open(connector.open(host), null);
                } catch (TransportException e) {
                    // Not tried again in this run: what its plan read before (its grains) would be missing.
                    refused.put(host.name(), e);
                    throw e;
                }
                open.put(host.name(), o);
            }
            if (locking && o.lock() == null) {
                o = new Open(o.transport(), acquire(host, o.transport()));
                open.put(host.name(), o);
            }
            return new Shared(o.transport());
        }
    }

    private Transport.Held acquire(Host host, Transport t) throws TransportException {
        try {
            return HostLock.acquire(t, owner, run, waitLock);
        } catch (HostLock.LockedException e) {
            forget(host, t);
            refused.put(host.name(), e);
            throw e;
        } catch (TransportException | RuntimeException e) {
            forget(host, t);
            throw e;
        }
    }

    private void forget(Host host, Transport t) {
        open.remove(host.name());
        t.close();
    }

    /** Releases every lock and closes every connection. */
    @Override
    public void close() {
        closed = true;
        List<Open> all = new ArrayList<>(open.values());
        open.clear();
        for (Open o : all) {
            if (o.lock() != null) o.lock().close();
            o.transport().close();
        }
    }

    /** The run's transport for a host; closing it leaves it open for the rest of the run. */
    private static final class Shared extends ForwardingTransport {
        Shared(Transport inner) {
            super(inner);
        }

        @Override
        public void close() {}
    }
}
