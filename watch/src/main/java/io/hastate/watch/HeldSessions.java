package io.hastate.watch;

import io.hastate.core.model.Host;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.ForwardingTransport;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per host for as long as the watch runs, shared by its monitor, its looks and the
 * check rounds; a connection found broken is dropped, and the next use connects again.
 */
final class HeldSessions implements Connector, AutoCloseable {
    private final Connector connector;
    private final Map<String, Transport> open = new ConcurrentHashMap<>();
    private final Map<String, Object> monitors = new ConcurrentHashMap<>();

    HeldSessions(Connector connector) {
        this.connector = connector;
    }

    @Override
    public Transport open(Host host) throws TransportException {
        synchronized (monitors.computeIfAbsent(host.name(), k -> new Object())) {
            Transport t = open.get(host.name());
            if (t == null) {
                t = connector.open(host);
                open.put(host.name(), t);
            }
            return new ForwardingTransport(t) {
                @Override
                public void close() {
                    // Kept for the next use; dropped only when found broken.
                }
            };
        }
    }

    /** Forgets {@code host}'s connection (closing it): the next use connects again. */
    void drop(String host) {
        Transport t = open.remove(host);
        if (t != null) t.close();
    }

    @Override
    public void close() {
        open.keySet().forEach(this::drop);
    }
}
