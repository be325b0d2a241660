package io.hastate.core.engine;

import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.VipFacts;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Pair;
import io.hastate.core.model.PairNode;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Apply that knows pairs: hosts outside complete pairs first, then pairs {@code serial} at a time.
 * In each pair the node that does not hold the VIP now goes first; the pair is verified (the VIP held by
 * exactly one node) before and after the other node. A pair whose VIP ends up held by nobody or by
 * both stops the whole rollout; {@code maxFail} failed pairs stop it too.
 */
public final class Rollout {
    private final Connector connector;
    private final EngineListener listener;
    private final int forks;
    private final int serial;
    private final int maxFail;
    private final List<String> touched = Collections.synchronizedList(new ArrayList<>());
    private Inventory inventory;

    public Rollout(Connector connector, EngineListener listener, int forks, int serial, int maxFail) {
        this.connector = connector;
        this.listener = listener;
        this.forks = forks;
        this.serial = serial;
        this.maxFail = maxFail;
    }

    public void run(Inventory inv, List<HostPlan> plans) {
        long start = System.nanoTime();
        Map<String, HostPlan> byHost = new LinkedHashMap<>();
        plans.forEach(p -> byHost.put(p.host().name(), p));
        this.inventory = inv;
        List<Pair> pairs = new ArrayList<>();
        for (Pair p : inv.pairs().values()) {
            // Only pairs whose keepalived this run manages roll out node by node; others are plain hosts.
            if (managesKeepalived(byHost.get(p.first().host())) && managesKeepalived(byHost.get(p.second().host()))) pairs.add(p);
        }
        List<HostPlan> others = plans.stream().filter(p -> pairs.stream().noneMatch(pr -> pr.node(p.host().name()).isPresent())).toList();
        SerializedListener events = new SerializedListener(listener);
        if (!others.isEmpty()) new Engine(connector, events, forks).run(others, Mode.APPLY);

        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < pairs.size() && !stop.get(); i += serial) {
            List<Pair> batch = pairs.subList(i, Math.min(pairs.size(), i + serial));
            ExecutorService pool = Executors.newFixedThreadPool(batch.size());
            try {
                List<Future<?>> running = new ArrayList<>();
                for (Pair p : batch) running.add(pool.submit(() -> rollPair(p, byHost, events, failed, stop)));
                for (Future<?> f : running) f.get();
            } catch (Exception e) {
                throw new IllegalStateException("rollout crashed", e);
            } finally {
                pool.shutdownNow();
            }
            if (failed.get() >= maxFail && i + serial < pairs.size()) {
                stop.set(true);
                events.on(new EngineEvent.RolloutStep("-", "stopped: " + failed.get() + " pair(s) failed (--max-fail " + maxFail + ")", true));
            }
        }
        for (Pair p : pairs) {
            if (stop.get() && !touched.contains(p.name())) events.on(new EngineEvent.RolloutStep(p.name(), "not started: the rollout stopped", true));
        }
        events.on(new EngineEvent.RunFinished(Duration.ofNanos(System.nanoTime() - start)));
    }

    private void rollPair(Pair pair, Map<String, HostPlan> byHost, EngineListener events, AtomicInteger failed, AtomicBoolean stop) {
        if (stop.get()) return;
        touched.add(pair.name());
        List<String> holders = holders(pair);
        PairNode master = holders.size() == 1 ? pair.node(holders.get(0)).orElseThrow()
                : pair.first().initialState().equals("MASTER") ? pair.first() : pair.second();
        PairNode backup = pair.peerOf(master.host()).orElseThrow();
        events.on(new EngineEvent.RolloutStep(pair.name(), "VIP held by " + (holders.isEmpty() ? "nobody" : String.join(" and ", holders))
                + ": " + backup.host() + " first, then " + master.host(), false));
        for (PairNode node : List.of(backup, master)) {
            CollectingListener results = new CollectingListener(events);
            new Engine(connector, results, 1).run(List.of(byHost.get(node.host())), Mode.APPLY);
            if (results.failed) {
                failed.incrementAndGet();
                events.on(new EngineEvent.RolloutStep(pair.name(), node.host() + " failed: " + (node == backup ? master.host() + " left as it was" : "pair not finished"), true));
                return;
            }
            // A pair that had no master yet (first rollout) may still have none after its first node.
            boolean mustHoldNow = node == master || holders.size() == 1;
            List<String> after = settledHolders(pair, mustHoldNow, results.changed);
            if (after.size() > 1 || mustHoldNow && after.isEmpty()) {
                stop.set(true);
                failed.incrementAndGet();
                events.on(new EngineEvent.RolloutStep(pair.name(), "CIRCUIT BREAKER after " + node.host() + ": VIP held by "
                        + (after.isEmpty() ? "nobody" : String.join(" and ", after)) + "; rollout stopped", true));
                return;
            }
            events.on(new EngineEvent.RolloutStep(pair.name(), node.host() + " done; VIP held by "
                    + (after.isEmpty() ? "nobody yet" : after.get(0)), false));
        }
    }

    /**
     * Lets VRRP settle first (a node that stops hearing its peer takes over after 3 adverts and a
     * skew), then waits up to 2 s more for one holder, or, when nobody must hold the VIP yet, for no
     * more than one.
     */
    private List<String> settledHolders(Pair pair, boolean mustHold, boolean nodeChanged) {
        // A node where nothing changed cannot have moved the VIP: one look is enough.
        if (nodeChanged) sleep(Duration.ofSeconds(3L * pair.vrrp().advertInt() + 1).toMillis());
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<String> holders = holders(pair);
        while ((holders.size() > 1 || mustHold && holders.isEmpty()) && System.nanoTime() < deadline) {
            sleep(200);
            holders = holders(pair);
        }
        return holders;
    }

    /** The nodes holding the pair's first VIP, read from each node. */
    private List<String> holders(Pair pair) {
        String vip = pair.vrrp().vips().get(0).address();
        List<String> out = new ArrayList<>();
        for (PairNode n : pair.nodes()) {
            try (Transport t = connector.open(inventory.host(n.host()))) {
                var held = new FactCache(t).view(List.of(VipFacts.ADDRESSES)).get(VipFacts.ADDRESSES);
                if (held.stream().anyMatch(h -> h.address().equals(vip))) out.add(n.host());
            } catch (TransportException e) {
                // An unreachable node holds nothing we can see; its own apply reports it.
            }
        }
        return out;
    }

    private static boolean managesKeepalived(HostPlan plan) {
        return plan != null && plan.graph().uses("keepalived");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes events on one at a time, whichever pair's thread sends them. */
    private record SerializedListener(EngineListener inner) implements EngineListener {
        @Override
        public synchronized void on(EngineEvent event) {
            inner.on(event);
        }
    }

    /** Passes events on, noting whether a state failed or the host was unreachable. */
    private static final class CollectingListener implements EngineListener {
        private final EngineListener inner;
        boolean failed;
        boolean changed;

        CollectingListener(EngineListener inner) {
            this.inner = inner;
        }

        @Override
        public void on(EngineEvent event) {
            if (event instanceof EngineEvent.RunFinished) return;
            if (event instanceof EngineEvent.HostUnreachable) failed = true;
            if (event instanceof EngineEvent.StateFinished s && s.result().status() == Status.FAILED) failed = true;
            if (event instanceof EngineEvent.StateFinished s && s.result().status() == Status.CHANGED) changed = true;
            inner.on(event);
        }
    }
}
