package io.hastate.watch;

import io.hastate.core.model.Host;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.ForwardingTransport;
import io.hastate.core.transport.KeptShellTransport;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per host for as long as the watch runs, shared by its monitor, its looks and the
 * check rounds, with a shell kept open on it for their reads; a connection found broken is dropped,
 * and the next use connects again.
 */
final class HeldSessions implements Connector, AutoCloseable {
    private final Connector connector;
    private final Duration commandTimeout;
    private final Map<String, KeptShellTransport> open = new ConcurrentHashMap<>();
    private final Map<String, Object> monitors = new ConcurrentHashMap<>();

    HeldSessions(Connector connector, Duration commandTimeout) {
        this.connector = connector;
        this.commandTimeout = commandTimeout;
    }

    @Override
    public Transport open(Host host) throws TransportException {
        synchronized (monitors.computeIfAbsent(host.name(), k -> new Object())) {
            KeptShellTransport t = open.get(host.name());
            if (t == null) {
                t = new KeptShellTransport(connector.open(host), commandTimeout);
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

    /**
     * Opens like {@link #open}, and for the {@code idle} hosts (nothing to read there) proves the host
     * answers: a check round finds a host gone even when its plan sends it no command.
     */
    Connector answering(java.util.Set<String> idle) {
        return host -> {
            Transport t = open(host);
            KeptShellTransport kept = open.get(host.name());
            if (kept != null && idle.contains(host.name())) kept.ping();
            return t;
        };
    }

    /** Forgets {@code host}'s connection (closing it): the next use connects again. */
    void drop(String host) {
        Transport t = open.remove(host);
        if (t != null) t.close();
    }

    /** Closes every connection at once: an SSH session can take a moment to say goodbye. */
    @Override
    public void close() {
        List<Thread> closing = new ArrayList<>();
        for (String host : List.copyOf(open.keySet())) {
            Thread t = new Thread(() -> drop(host), "hastate-watch-close");
            t.start();
            closing.add(t);
        }
        for (Thread t : closing) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
