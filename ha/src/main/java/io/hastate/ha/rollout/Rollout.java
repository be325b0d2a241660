package io.hastate.ha.rollout;

import io.hastate.ha.status.PairView;
import io.hastate.ha.model.Pairs;
import io.hastate.core.engine.Engine;
import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.EngineListener;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.Mode;

import io.hastate.core.model.Inventory;
import io.hastate.core.time.Waiter;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.core.model.Status;
import io.hastate.ha.model.Vrrp;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.ha.handover.Handover;
import io.hastate.ha.keepalived.DrainMark;
import io.hastate.ha.keepalived.InstanceMarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Apply that knows pairs: hosts outside complete pairs first, then pairs {@code serial} at a time.
 * In each pair the node that does not hold the VIP now goes first; the pair is verified (the VIP held by
 * exactly one node, by the preferred node once a preempting pair is done) after each node, and the holder
 * is touched only while its peer could take the VIP over. A pair whose VIP ends up held by nobody or by
 * both stops the whole rollout; {@code maxFail} failed pairs stop it too. Pairs that share a host roll
 * out one after the other: the host is changed once, while its peer in each of its pairs is a standby.
 */
public final class Rollout {
    private final Connector connector;
    private final EngineListener listener;
    private final int forks;
    private final int serial;
    private final int maxFail;
    private final Waiter time;
    private final List<String> touched = Collections.synchronizedList(new ArrayList<>());
    /** The hosts changed in this run, with the pair they were changed with. */
    private final Map<String, String> applied = new java.util.concurrent.ConcurrentHashMap<>();
    private final Inventory inventory;
    private final List<HostPlan> plans;
    private final Map<String, HostPlan> byHost = new LinkedHashMap<>();
    private final RestartHandover restarts;

    /** One rollout of {@code plans}, the hosts of {@code inv}; {@link #run} carries it out once. */
    public Rollout(Connector connector, EngineListener listener, int forks, int serial, int maxFail, Inventory inv, List<HostPlan> plans) {
        this(connector, listener, forks, serial, maxFail, Waiter.REAL, inv, plans);
    }

    /** {@code time}: how it lets VRRP settle between nodes (a fake one in tests). */
    public Rollout(Connector connector, EngineListener listener, int forks, int serial, int maxFail, Waiter time, Inventory inv, List<HostPlan> plans) {
        this.connector = connector;
        this.listener = listener;
        this.forks = forks;
        this.serial = serial;
        this.maxFail = maxFail;
        this.time = time;
        this.inventory = inv;
        this.plans = List.copyOf(plans);
        plans.forEach(p -> byHost.put(p.host().name(), p));
        this.restarts = new RestartHandover(connector, inv, byHost, time);
    }

    private final java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();

    public void run() {
        if (!ran.compareAndSet(false, true)) throw new IllegalStateException("a rollout runs once; make another for another run");
        Inventory inv = inventory;
        long start = time.nanoTime();
        // Membership decides, not what the states are: any pair with a node in this run rolls out.
        List<Pair> pairs = Pairs.all(inv).values().stream()
                .filter(p -> p.nodes().stream().anyMatch(n -> byHost.containsKey(n.host()))).toList();
        List<HostPlan> others = plans.stream().filter(p -> pairs.stream().noneMatch(pr -> pr.node(p.host().name()).isPresent())).toList();
        SerializedListener events = new SerializedListener(listener);
        for (Pair p : pairs) events.on(new RolloutOrder(p.name(), planOf(p, look(p), byHost).describe()));
        if (!others.isEmpty()) new Engine(connector, events, forks).run(others, Mode.APPLY);

        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        // A sliding window: as soon as one pair is done, the next one starts, never more than --serial
        // (nor --forks) pairs at once.
        // Pairs that share a host roll out one after the other, in one unit: the host is changed once.
        List<List<Pair>> units = units(pairs);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(serial, Math.min(forks, units.size()))));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<Pair> unit : units) {
                running.add(pool.submit(() -> {
                    String failedPair = null;
                    for (Pair p : unit) {
                        if (failedPair != null) {
                            touched.add(p.name());
                            events.on(new RolloutStep(p.name(), RolloutStep.Kind.NOT_STARTED, "not started: pair " + failedPair + ", which shares a host with it, failed", true));
                            continue;
                        }
                        int before = failed.get();
                        rollPair(p, byHost, events, failed, stop);
                        if (failed.get() > before) failedPair = p.name();
                        stopAfterTooManyFailures(pairs.size(), failed, stop, events);
                    }
                }));
            }
            for (Future<?> f : running) f.get();
        } catch (Exception e) {
            throw new IllegalStateException("rollout crashed", e);
        } finally {
            pool.shutdownNow();
        }
        for (Pair p : pairs) {
            if (stop.get() && !touched.contains(p.name())) events.on(new RolloutStep(p.name(), RolloutStep.Kind.NOT_STARTED, "not started: the rollout stopped", true));
        }
        events.on(new EngineEvent.RunFinished(Duration.ofNanos(time.nanoTime() - start)));
    }

    private synchronized void stopAfterTooManyFailures(int pairs, AtomicInteger failed, AtomicBoolean stop, EngineListener events) {
        if (failed.get() < maxFail || touched.size() == pairs || stop.get()) return;
        stop.set(true);
        events.on(new RolloutStep("-", RolloutStep.Kind.STOPPED, "stopped: " + failed.get() + " pair(s) failed (--max-fail " + maxFail + ")", true));
    }

    private void rollPair(Pair pair, Map<String, HostPlan> byHost, EngineListener events, AtomicInteger failed, AtomicBoolean stop) {
        if (stop.get()) return;
        touched.add(pair.name());
        if (!takeNodes(pair, events)) {
            failed.incrementAndGet();
            return;
        }
        PairView before = look(pair);
        PairPlan planned = planOf(pair, before, byHost);
        PairNode second = planned.second();
        List<PairNode> order = planned.order();
        events.on(new RolloutStep(pair.name(), RolloutStep.Kind.PLANNED, planned.describe(), false));
        PairView last = before;
        for (PairNode node : order) {
            // A node of several pairs is changed once, with the first of its pairs to roll out.
            String doneWith = applied.get(node.host());
            if (doneWith != null) {
                events.on(new RolloutStep(pair.name(), RolloutStep.Kind.ALREADY_DONE, node.host() + " already done with pair " + doneWith, false));
                continue;
            }
            // Never touch a node while its peer could not take over every instance it holds.
            String peer = pair.peerOf(node.host()).orElseThrow().host();
            List<String> held = last.heldBy(node.host());
            String noStandby = held.isEmpty() ? null : last.whyNoStandby(peer, held);
            if (noStandby != null) {
                failed.incrementAndGet();
                events.on(new RolloutStep(pair.name(), RolloutStep.Kind.NODE_LEFT, peer + " is no standby (" + noStandby + "): "
                        + node.host() + ", which holds " + what(pair, held) + ", left as it was", true));
                return;
            }
            // Its other pairs: each must have a ready standby for what the node holds there too.
            Map<Pair, PairView> others = new LinkedHashMap<>();
            for (Pair other : Pairs.of(inventory, node.host())) {
                if (other == pair) continue;
                PairView view = look(other);
                others.put(other, view);
                List<String> heldThere = view.heldBy(node.host());
                String otherPeer = other.peerOf(node.host()).orElseThrow().host();
                String why = heldThere.isEmpty() ? null : view.whyNoStandby(otherPeer, heldThere);
                if (why != null) {
                    failed.incrementAndGet();
                    events.on(new RolloutStep(pair.name(), RolloutStep.Kind.NODE_LEFT, otherPeer + " is no standby in pair " + other.name() + " (" + why + "): "
                            + node.host() + ", which holds " + what(other, heldThere) + " there, left as it was", true));
                    return;
                }
            }
            boolean holdsElsewhere = others.entrySet().stream().anyMatch(e -> !e.getValue().heldBy(node.host()).isEmpty());
            // A restart on a node that holds VIPs would cost a failover: in each of its pairs, its peer takes them first.
            Map<Pair, TakenOver> tookOverBy = new LinkedHashMap<>();
            if ((!held.isEmpty() || holdsElsewhere) && restarts.restartsKeepalived(node.host())) {
                Map<Pair, PairView> views = new LinkedHashMap<>();
                views.put(pair, last);
                views.putAll(others);
                String problem = takeOverEverywhere(node.host(), views, byHost, tookOverBy, events);
                if (problem != null) {
                    failed.incrementAndGet();
                    events.on(new RolloutStep(pair.name(), RolloutStep.Kind.NODE_LEFT, problem + "; " + node.host() + " left as it was", true));
                    return;
                }
                if (tookOverBy.containsKey(pair)) last = look(pair);
                for (Pair other : others.keySet()) if (tookOverBy.containsKey(other)) others.put(other, look(other));
            }
            boolean tookOver = tookOverBy.containsKey(pair);
            applied.put(node.host(), pair.name());
            CollectingListener results = new CollectingListener(events);
            new Engine(connector, results, 1).run(List.of(byHost.get(node.host())), Mode.APPLY);
            if (!results.failed) {
                try {
                    if (restarts.restartIfOwed(node.host())) {
                        results.changed = true;
                        events.on(new RolloutStep(pair.name(), RolloutStep.Kind.RESTART_OWED, "keepalived restarted on " + node.host()
                                + ": the upgrade installed when it took over for its peer is in use", false));
                    }
                } catch (TransportException | Handover.Refused e) {
                    results.failed = true;
                    events.on(new RolloutStep(pair.name(), RolloutStep.Kind.NODE_FAILED, node.host() + ": " + e.getMessage(), true));
                }
            }
            String notRestored = endTakeovers(tookOverBy, events);
            if (notRestored != null) {
                failed.incrementAndGet();
                events.on(new RolloutStep(pair.name(), RolloutStep.Kind.NODE_FAILED, notRestored, true));
                return;
            }
            if (results.failed) {
                failed.incrementAndGet();
                boolean more = node != order.get(order.size() - 1);
                events.on(new RolloutStep(pair.name(), RolloutStep.Kind.NODE_FAILED, node.host() + " failed: "
                        + (more ? second.host() + " left as it was" : order.size() == 2 ? "pair not finished" : "pair left to its peer"), true));
                return;
            }
            // A VIP is never lost once held: an instance nobody held before (a new pair, or keepalived not
            // running yet) must be held only once a node has taken it.
            Set<String> mustHold = new HashSet<>();
            for (Vrrp instance : pair.instances()) {
                if (before.holdersOf(instance.name()).size() == 1 || last.holdersOf(instance.name()).size() == 1) mustHold.add(instance.name());
            }
            Map<String, String> expected = new LinkedHashMap<>();
            // After a takeover, the preempting instances the node held come back to it.
            if (tookOver) {
                for (String i : held) if (pair.instance(i).preempt()) expected.put(i, node.host());
            }
            // Once both nodes are done, a preempting instance's VIPs belong to its elected node.
            if (node == second && order.size() == 2) {
                Map<String, Set<String>> drained = new LinkedHashMap<>();
                for (PairNode n : pair.nodes()) drained.put(n.host(), drainedInstances(pair, n.host()));
                for (Vrrp instance : pair.instances()) {
                    List<String> drainedHere = drained.entrySet().stream().filter(e -> e.getValue().contains(instance.name())).map(Map.Entry::getKey).toList();
                    String elected = instance.preempt() && mustHold.contains(instance.name()) ? elected(pair, instance, drainedHere) : null;
                    if (elected != null) expected.put(instance.name(), elected);
                }
            }
            PairView after = settle(pair, mustHold, expected, results.changed);
            StepVerdict verdict = StepVerdict.judge(pair, node, last, after, mustHold, expected);
            verdict.steps().forEach(events::on);
            if (verdict.stopRollout()) stop.set(true);
            if (verdict.pairFailed()) {
                failed.incrementAndGet();
                return;
            }
            // The node's other pairs were changed too: none of their VIPs may be lost or held twice.
            for (var e : others.entrySet()) {
                Pair other = e.getKey();
                Set<String> otherMustHold = new HashSet<>();
                for (Vrrp instance : other.instances()) if (e.getValue().holdersOf(instance.name()).size() == 1) otherMustHold.add(instance.name());
                // After a takeover there, the preempting instances the node held come back to it.
                Map<String, String> otherExpected = new LinkedHashMap<>();
                if (tookOverBy.containsKey(other)) {
                    for (String i : tookOverBy.get(other).held()) if (other.instance(i).preempt()) otherExpected.put(i, node.host());
                }
                PairView otherAfter = settle(other, otherMustHold, otherExpected, results.changed);
                StepVerdict otherVerdict = StepVerdict.judge(other, other.node(node.host()).orElseThrow(), e.getValue(), otherAfter, otherMustHold, otherExpected);
                otherVerdict.steps().forEach(events::on);
                if (otherVerdict.stopRollout()) stop.set(true);
                if (otherVerdict.pairFailed()) {
                    failed.incrementAndGet();
                    return;
                }
            }
            last = after;
        }
    }

    /**
     * Both nodes are taken before either is touched: connected and, in a run that holds its connections
     * (a changing one), locked until the run ends; the handle given back here is only a view of that.
     * False, said, when a node cannot be taken.
     */
    private boolean takeNodes(Pair pair, EngineListener events) {
        for (PairNode n : pair.nodes()) {
            try {
                connector.open(inventory.host(n.host())).close();
            } catch (TransportException e) {
                events.on(new EngineEvent.HostUnreachable(n.host(), e.getMessage()));
                events.on(new RolloutStep(pair.name(), RolloutStep.Kind.NOT_STARTED, "not started: " + n.host() + ": " + e.getMessage(), true));
                return false;
            }
        }
        return true;
    }

    /** The pairs grouped by the hosts they share (a host in two pairs joins them), in inventory order. */
    static List<List<Pair>> units(List<Pair> pairs) {
        List<List<Pair>> units = new ArrayList<>();
        for (Pair p : pairs) {
            List<List<Pair>> joined = units.stream().filter(u -> u.stream().anyMatch(q -> q.nodes().stream().anyMatch(n -> p.node(n.host()).isPresent()))).toList();
            List<Pair> unit = new ArrayList<>();
            for (List<Pair> u : joined) {
                unit.addAll(u);
                units.remove(u);
            }
            unit.add(p);
            unit.sort(java.util.Comparator.comparingInt(pairs::indexOf));
            units.add(unit);
        }
        units.sort(java.util.Comparator.comparingInt(u -> pairs.indexOf(u.get(0))));
        return units;
    }

    /** "the VIP" for a pair of one instance, else the instances named. */
    private static String what(Pair pair, List<String> instances) {
        return pair.severalInstances() ? String.join(" and ", instances) : "the VIP";
    }

    /** A pair's order in this run: {@code order} is the nodes of the run, the one without the VIP first. */
    private record PairPlan(Pair pair, PairView before, PairNode first, PairNode second, List<PairNode> order) {
        String describe() {
            String plan = order.size() == 2 ? first.host() + " first, then " + second.host()
                    : "only " + order.get(0).host() + " is in this run; " + pair.peerOf(order.get(0).host()).orElseThrow().host() + " is read, not changed";
            return before.describe() + ": " + plan;
        }
    }

    /**
     * The node without the VIP goes first. Where nobody holds it (a new pair), the preferred node does:
     * alone, it takes the VIP, and the other joins as its backup without moving it.
     */
    private static PairPlan planOf(Pair pair, PairView before, Map<String, HostPlan> byHost) {
        PairNode second = before.holder() != null ? pair.node(before.holder()).orElseThrow() : pair.peerOf(pair.preferred().host()).orElseThrow();
        PairNode first = pair.peerOf(second.host()).orElseThrow();
        List<PairNode> order = java.util.stream.Stream.of(first, second).filter(n -> byHost.containsKey(n.host())).toList();
        return new PairPlan(pair, before, first, second, order);
    }

    /**
     * Lets VRRP settle first (a node that stops hearing its peer takes over after 3 adverts and a
     * skew), then waits up to 2 s more for every VIP to have one holder (the expected one, if any, which
     * may first have to wait out its own 3 adverts), or, for an instance nobody must hold yet, no more than one.
     */
    private PairView settle(Pair pair, Set<String> mustHold, Map<String, String> expected, boolean nodeChanged) {
        long advert = Duration.ofSeconds(pair.instances().stream().mapToInt(Vrrp::advertInt).max().orElse(1)).toMillis();
        // A node where nothing changed cannot have moved a VIP: one look is enough.
        if (nodeChanged) time.pause(Duration.ofMillis(3 * advert + 1000));
        return time.until(() -> look(pair), v -> v.matches(expected) && v.unsafeVips(mustHold::contains).isEmpty(),
                Duration.ofMillis(2000 + (expected.isEmpty() ? 0 : 3 * advert)), Duration.ofMillis(200));
    }

    /** The peer takes the VIP over before the holder restarts; null when it did, else why not (the takeover undone). */
    private String takeOverFirst(Pair pair, String holder, String peer, String held, EngineListener events) {
        try {
            Handover.Outcome o = restarts.begin(pair, holder, peer);
            if (o.ok()) {
                events.on(new RolloutStep(pair.name(), RolloutStep.Kind.TOOK_OVER, "keepalived restarts on " + holder + ", which holds " + held + ": " + peer
                        + " took " + (pair.severalInstances() ? "them" : "it") + " over first, without a failover (" + o.millis() + " ms)", false));
                return null;
            }
            restarts.end(peer);
            return "keepalived restarts on " + holder + ", but " + peer + " could not take the VIP over first: " + o.message();
        } catch (TransportException | Handover.Refused e) {
            try {
                restarts.end(peer);
            } catch (TransportException | Handover.Refused again) {
                return "keepalived restarts on " + holder + ", and the takeover by " + peer + " failed: " + e.getMessage()
                        + "; undoing it failed too: " + again.getMessage();
            }
            return "keepalived restarts on " + holder + ", and the takeover by " + peer + " failed: " + e.getMessage();
        }
    }

    /**
     * Before keepalived restarts on {@code node}: in each pair where it holds VIPs, its peer takes them
     * over. Each such peer must be in this run (its configuration is applied for the takeover) and, for a
     * node of several pairs, in no other pair (a takeover raises a node in all its instances). Null when
     * done, else why not, with the takeovers already made undone. A node of one pair whose peer cannot
     * take over restarts as it would without hastate (its peer takes over on the priority-0 advert).
     */
    private String takeOverEverywhere(String node, Map<Pair, PairView> views, Map<String, HostPlan> byHost, Map<Pair, TakenOver> tookOverBy,
                                      EngineListener events) {
        Map<Pair, List<String>> holding = new LinkedHashMap<>();
        for (var e : views.entrySet()) {
            List<String> heldThere = e.getValue().heldBy(node);
            if (heldThere.isEmpty()) continue;
            Pair p = e.getKey();
            String peer = p.peerOf(node).orElseThrow().host();
            boolean shared = views.size() > 1;
            String why = !byHost.containsKey(peer) ? peer + " is not in this run"
                    : shared && Pairs.of(inventory, peer).size() > 1 ? peer + " is in several pairs too, and a takeover would raise it in all of them"
                    : !e.getValue().whole() ? "the pair could not be read whole" : null;
            if (why != null && !shared) return null;
            if (why != null) {
                return "keepalived restarts on " + node + ", which holds " + what(p, heldThere) + " of " + p.name() + ", but " + peer
                        + " cannot take " + (p.severalInstances() ? "them" : "it") + " over first (" + why + ")";
            }
            holding.put(p, heldThere);
        }
        for (var e : holding.entrySet()) {
            Pair p = e.getKey();
            String peer = p.peerOf(node).orElseThrow().host();
            String problem = takeOverFirst(p, node, peer, what(p, e.getValue()), events);
            if (problem != null) {
                String undone = endTakeovers(tookOverBy, events);
                tookOverBy.clear();
                return undone == null ? problem : problem + "; " + undone;
            }
            tookOverBy.put(p, new TakenOver(peer, e.getValue()));
        }
        return null;
    }

    /** A pair's peer took over what the node held there ({@code held}) before the node's restart. */
    private record TakenOver(String peer, List<String> held) {}

    /** The peers that took over go back to their declared priority; null when all did, else the first that did not. */
    private String endTakeovers(Map<Pair, TakenOver> tookOverBy, EngineListener events) {
        for (var e : tookOverBy.entrySet()) {
            String peer = e.getValue().peer();
            try {
                restarts.end(peer);
                events.on(new RolloutStep(e.getKey().name(), RolloutStep.Kind.TAKEOVER_ENDED, peer + " back at its declared priority", false));
            } catch (TransportException | Handover.Refused x) {
                return peer + " still runs at the takeover priority: " + x.getMessage();
            }
        }
        return null;
    }

    /**
     * The node a preempting instance elects: the preferred one, unless it is drained (then its peer); null
     * when both are drained (equal priorities: keepalived's tie-break, not the inventory, decides).
     */
    private static String elected(Pair pair, Vrrp instance, List<String> drained) {
        if (drained.size() == 2) return null;
        String preferred = pair.preferred(instance).host();
        return drained.contains(preferred) ? pair.peerOf(preferred).orElseThrow().host() : preferred;
    }

    /** The instances {@code host} runs drained: all when the node is, else those drained one by one. */
    private Set<String> drainedInstances(Pair pair, String host) {
        if (drained(host)) return pair.instances().stream().map(Vrrp::name).collect(java.util.stream.Collectors.toSet());
        try (Transport t = connector.open(inventory.host(host))) {
            return new io.hastate.core.facts.FactCache(t).view(List.of(InstanceMarks.DRAINED)).get(InstanceMarks.DRAINED);
        } catch (TransportException e) {
            return Set.of();
        }
    }

    private boolean drained(String host) {
        try {
            return DrainMark.on(connector, inventory.host(host));
        } catch (TransportException e) {
            return false;
        }
    }

    private PairView look(Pair pair) {
        return PairView.look(connector, inventory, pair);
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
            if (event instanceof EngineEvent.HostUnreachable || event instanceof EngineEvent.HostFailed) failed = true;
            if (event instanceof EngineEvent.StateFinished s && s.result().status() == Status.FAILED) failed = true;
            if (event instanceof EngineEvent.StateFinished s && s.result().status() == Status.CHANGED) changed = true;
            inner.on(event);
        }
    }
}
