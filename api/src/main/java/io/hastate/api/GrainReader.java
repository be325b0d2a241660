package io.hastate.api;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Inventory;
import io.hastate.core.plan.HostGrains;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the grains planning needs over a run's connections: each host's facts in one round trip, up to
 * {@code forks} hosts at once. A host that cannot be reached is left out (its contributors assume
 * nothing; {@link #unread()} names it); the run that follows reports it.
 */
final class GrainReader implements HostGrains {
    private final Inventory inventory;
    private final Connector connector;
    private final int forks;
    private final java.util.Set<String> unread = ConcurrentHashMap.newKeySet();

    GrainReader(Inventory inventory, Connector connector, int forks) {
        this.inventory = inventory;
        this.connector = connector;
        this.forks = forks;
    }

    @Override
    public Map<String, FactValues> read(Map<String, List<Fact<?>>> wanted) {
        Map<String, FactValues> out = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(forks, wanted.size())));
        try {
            List<Future<?>> reads = wanted.entrySet().stream().<Future<?>>map(e -> pool.submit(() -> {
                FactValues values = readOne(e.getKey(), e.getValue());
                if (values != null) out.put(e.getKey(), values);
                else unread.add(e.getKey());
            })).toList();
            for (Future<?> f : reads) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the hosts' grains", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reading the hosts' grains failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** The hosts whose grains were wanted and could not be read. */
    java.util.Set<String> unread() {
        return java.util.Set.copyOf(unread);
    }

    private FactValues readOne(String host, List<Fact<?>> facts) {
        // Closing a run's shared connection leaves it open for the run; a connector's own one is closed.
        try (Transport t = connector.open(inventory.host(host))) {
            return new FactCache(t).view(facts);
        } catch (TransportException e) {
            return null;
        }
    }
}
