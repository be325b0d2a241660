package io.hastate.core.engine;

import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.EngineListener;
import io.hastate.core.run.Mode;

import io.hastate.core.model.StateResult;
import io.hastate.core.transport.CommandLimitException;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs plans on hosts, up to {@code forks} hosts at once. Each host gets one transport for the whole
 * run. Events go to the listener one at a time; the engine prints nothing.
 */
public final class Engine {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Engine.class);
    private final Connector connector;
    private final EngineListener listener;
    private final int forks;
    /** Threads kept by the caller across runs (a watch's rounds), or null: a pool for this run only. */
    private final ExecutorService workers;

    public Engine(Connector connector, EngineListener listener, int forks) {
        this(connector, listener, forks, null);
    }

    /** With {@code workers} non-null, hosts run on those threads, which the engine never shuts down. */
    public Engine(Connector connector, EngineListener listener, int forks, ExecutorService workers) {
        if (forks < 1) throw new IllegalArgumentException("forks must be at least 1");
        this.connector = connector;
        this.listener = listener;
        this.forks = forks;
        this.workers = workers;
    }

    public void run(List<HostPlan> plans, Mode mode) {
        long start = System.nanoTime();
        emit(new EngineEvent.RunStarted(mode, plans.stream().map(p -> p.host().name()).toList()));
        ExecutorService pool = workers != null ? workers : Executors.newFixedThreadPool(Math.min(forks, Math.max(1, plans.size())), r -> {
            Thread t = new Thread(r, "hastate-host");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> running = new ArrayList<>();
        try {
            for (HostPlan plan : plans) running.add(pool.submit(() -> runHostSafely(plan, mode)));
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("host run crashed", e.getCause());
                }
            }
        } finally {
            if (workers == null) pool.shutdownNow();
            else running.forEach(f -> f.cancel(true));
        }
        emit(new EngineEvent.RunFinished(Duration.ofNanos(System.nanoTime() - start)));
    }

    private void runHost(HostPlan plan, Mode mode) {
        String host = plan.host().name();
        long start = System.nanoTime();
        emit(new EngineEvent.HostStarted(host));
        Transport transport;
        try {
            transport = connector.open(plan.host());
        } catch (CommandLimitException e) {
            emit(new EngineEvent.HostFailed(host, e.getMessage()));
            return;
        } catch (TransportException e) {
            emit(new EngineEvent.HostUnreachable(host, e.getMessage()));
            return;
        }
        try (transport) {
            HostRunner runner = new HostRunner(plan, mode, transport, (StateResult r) -> emit(new EngineEvent.StateFinished(host, r)));
            try {
                runner.run();
                if (!plan.observations().isEmpty()) emit(new EngineEvent.HostObserved(host, runner.observations()));
                emit(new EngineEvent.HostFinished(host, Duration.ofNanos(System.nanoTime() - start), runner.factRoundTrips()));
            } catch (CommandLimitException e) {
                emit(new EngineEvent.HostFailed(host, e.getMessage()));
            } catch (TransportException e) {
                String why = e.getMessage() == null ? "" : e.getMessage();
                emit(new EngineEvent.HostUnreachable(host, why.startsWith("connection lost") ? why : "connection lost: " + why));
            }
        }
    }

    /** One host's trouble, whatever it is, is that host's result: the other hosts and the report go on. */
    private void runHostSafely(HostPlan plan, Mode mode) {
        try {
            runHost(plan, mode);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) throw e;
            log.debug("host {} broke the run", plan.host().name(), e);
            emit(new EngineEvent.HostFailed(plan.host().name(), "internal error on this host: " + e));
        }
    }

    private synchronized void emit(EngineEvent event) {
        listener.on(event);
    }
}
