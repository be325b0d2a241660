package io.hastate.ha.handover;

import io.hastate.ha.model.Pairs;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.Vrrp;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.Transport;
import io.hastate.core.time.Waiter;
import io.hastate.core.transport.TransportException;
import io.hastate.ha.keepalived.DrainMark;
import io.hastate.ha.keepalived.InstanceMarks;
import io.hastate.ha.keepalived.TakeoverMark;
import io.hastate.ha.status.PairView;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Planned moves of a pair's VIPs with nothing lost: a node is drained by running its keepalived at the
 * lowest priority (a reload, the node still holding the VIP), and its peer, preempting, takes the VIPs
 * over when it stops counting the holder's lower-priority adverts (VRRP's master-down interval, three
 * adverts and a skew) while the holder still answers; the holder gives them up only on its peer's first
 * advert. Undraining is the same move back. In a pair without preemption the peer never takes over a
 * live holder, so for the move alone it runs preempting at the highest priority (a takeover mark and a
 * reload), takes the VIPs the same way, and goes back to its declared configuration (a reload that keeps
 * it MASTER). Where the VIPs do not move, the holder's keepalived is restarted only when asked
 * ({@code allowBlip}), which loses what a stop loses.
 */
public final class Handover {
    /** Applies the node's keepalived configuration as its states declare it (with reload); false when it failed. */
    @FunctionalInterface
    public interface Reconfigure {
        boolean on(String host) throws TransportException;
    }

    /** What a move did: the pair, from and to, how long the VIPs took to move (0 when they did not have to), and what it says. */
    public record Outcome(String pair, String from, String to, long millis, boolean ok, String message) {}

    /** A move that cannot be done as asked; nothing was changed. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final Connector connector;
    private final Inventory inventory;
    private final Reconfigure reconfigure;
    private final Waiter time;

    public Handover(Connector connector, Inventory inventory, Reconfigure reconfigure) {
        this(connector, inventory, reconfigure, Waiter.REAL);
    }

    /** {@code time}: how it waits for the VIP to move (a fake one in tests). */
    public Handover(Connector connector, Inventory inventory, Reconfigure reconfigure, Waiter time) {
        this.connector = connector;
        this.inventory = inventory;
        this.reconfigure = reconfigure;
        this.time = time;
    }

    /** The pair's VIPs to {@code to} (the other node when null). */
    public Outcome handover(String pairName, String to, boolean allowBlip) throws TransportException {
        return handover(pairName, null, to, allowBlip);
    }

    /**
     * The VIPs of the pair's instance {@code instanceName} (required when the pair has several; the
     * others do not move) to {@code to} (the other node when null).
     */
    public Outcome handover(String pairName, String instanceName, String to, boolean allowBlip) throws TransportException {
        Pair pair = Pairs.all(inventory).get(pairName);
        if (pair == null) throw new InvalidInputException(Location.COMMAND_LINE, "PAIR", "no pair named '" + pairName + "'");
        if (to != null && pair.node(to).isEmpty()) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--to", to + " is not a node of pair " + pairName);
        }
        List<String> names = pair.instances().stream().map(Vrrp::name).toList();
        if (instanceName != null && !names.contains(instanceName)) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--instance", "pair " + pairName + " has no instance '" + instanceName
                    + "' (it has " + String.join(", ", names) + ")");
        }
        if (pair.severalInstances()) {
            if (instanceName == null) {
                throw new InvalidInputException(Location.COMMAND_LINE, "--instance", "pair " + pairName + " has " + names.size()
                        + " VRRP instances (" + String.join(", ", names) + "): name the one to move with --instance, or drain a node to move every"
                        + " instance it holds");
            }
            return handoverInstance(pair, pair.instance(instanceName), to, allowBlip);
        }
        PairView view = PairView.look(connector, inventory, pair);
        String holder = view.holder();
        if (holder == null) throw new Refused(pairName + ": the VIP is held by " + view.describeHolders() + ", not by one node; nothing to hand over");
        String target = to != null ? to : pair.peerOf(holder).orElseThrow().host();
        if (target.equals(holder)) return new Outcome(pairName, holder, target, 0, true, target + " already holds the VIP");
        String preferred = pair.preferred().host();
        if (!pair.vrrp().preempt()) {
            requireStandby(pair, view, holder, target, List.of(pair.vrrp().name()));
            return takeOver(pair, holder, target, allowBlip, "handed over to " + target);
        }
        // With preemption the VIP goes where the priority is: away from the preferred node by draining it,
        // back to it by undraining it.
        if (holder.equals(preferred)) return drain(holder, allowBlip);
        if (drained(preferred)) return undrain(preferred);
        throw new Refused(pairName + ": " + holder + " holds the VIP although " + preferred + " has the higher priority and is not drained: "
                + "keepalived on " + preferred + " is not a ready standby (" + whyOrUnknown(view, preferred) + ")");
    }

    /**
     * One instance of an active/active pair moves, the others stay: the same moves as a pair's, with marks
     * that name the instance (its holder drained for it, its preferred node undrained for it, or, without
     * preemption, the target taking it over for the move only).
     */
    private Outcome handoverInstance(Pair pair, Vrrp instance, String to, boolean allowBlip) throws TransportException {
        String name = instance.name();
        PairView view = PairView.look(connector, inventory, pair);
        List<String> holders = view.holdersOf(name);
        if (holders.size() != 1) {
            throw new Refused(pair.name() + ": " + name + " is held by " + PairView.names(holders) + ", not by one node; nothing to hand over");
        }
        String holder = holders.get(0);
        String target = to != null ? to : pair.peerOf(holder).orElseThrow().host();
        if (target.equals(holder)) return new Outcome(pair.name(), holder, target, 0, true, target + " already holds " + name);
        Map<String, String> layout = new LinkedHashMap<>();
        for (Vrrp i : pair.instances()) layout.put(i.name(), i.name().equals(name) ? target : only(view.holdersOf(i.name())));
        String preferred = pair.preferred(instance).host();
        if (!instance.preempt()) {
            requireStandby(pair, view, holder, target, List.of(name));
            String path = InstanceMarks.TAKEOVER_DIR + "/" + name;
            Outcome moved;
            try {
                mark(target, path, true);
                if (!reconfigure.on(target)) throw new Refused(target + ": applying its takeover configuration for " + name + " failed");
                moved = awaitLayout(pair, holder, target, layout, name + " handed over to " + target);
            } finally {
                mark(target, path, false);
                if (!reconfigure.on(target)) throw new Refused(target + ": applying its declared keepalived configuration after the takeover failed; run apply");
            }
            return moved.ok() ? moved : new Outcome(pair.name(), holder, target, moved.millis(), false,
                    moved.message() + "; keepalived ignored the priority change (" + name + " stays where it is)");
        }
        String path = InstanceMarks.DRAINED_DIR + "/" + name;
        if (holder.equals(preferred)) {
            requireStandby(pair, view, holder, target, List.of(name));
            mark(holder, path, true);
            boolean applied = false;
            try {
                applied = reconfigure.on(holder);
            } finally {
                if (!applied) mark(holder, path, false);
            }
            if (!applied) throw new Refused(holder + ": applying its keepalived configuration with " + name + " drained failed; the mark was taken back");
            return awaitLayout(pair, holder, target, layout, holder + " drained for " + name + "; " + name + " moved to " + target);
        }
        if (instanceDrains(preferred).contains(name) || drained(preferred)) {
            if (drained(preferred)) {
                throw new Refused(pair.name() + ": " + preferred + " is drained as a whole node: undrain it to bring " + name + " back; nothing was changed");
            }
            mark(preferred, path, false);
            if (!reconfigure.on(preferred)) throw new Refused(preferred + ": applying its keepalived configuration failed after the mark was removed; run apply");
            return awaitLayout(pair, holder, preferred, layout, preferred + " undrained for " + name + "; " + name + " moved back to " + preferred);
        }
        throw new Refused(pair.name() + ": " + holder + " holds " + name + " although " + preferred + " has the higher priority in it and is not drained:"
                + " keepalived on " + preferred + " is not a ready standby (" + whyOrUnknown(view, preferred) + ")");
    }

    /**
     * {@code node} gives up its VIPs, without loss, and takes them back only when undrained. In each of
     * its pairs where it holds VIPs the peer must be a ready standby; a preempting instance moves by
     * preemption once the node runs drained, one that does not preempt by a takeover of its peer.
     */
    public Outcome drain(String node, boolean allowBlip) throws TransportException {
        Pair first = pairOf(node);
        List<Pair> pairs = Pairs.of(inventory, node);
        boolean several = pairs.size() > 1;
        String names = several ? String.join(" and ", pairs.stream().map(Pair::name).toList()) : first.name();
        String onlyPeer = several ? null : first.peerOf(node).orElseThrow().host();
        if (drained(node)) return new Outcome(names, node, onlyPeer, 0, true, node + " is drained already");
        Map<Pair, List<String>> holding = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            PairView view = PairView.look(connector, inventory, pair);
            List<String> held = view.heldBy(node);
            if (held.isEmpty()) continue;
            String peer = pair.peerOf(node).orElseThrow().host();
            requireStandby(pair, view, node, peer, held);
            if (several && needsTakeover(pair, held) && Pairs.of(inventory, peer).size() > 1) {
                throw new Refused(node + " holds " + String.join(", ", held) + " of " + pair.name() + ", which does not preempt, and its peer " + peer
                        + " is in several pairs too: a takeover would raise " + peer + " in all of them; nothing was changed (hand it over first)");
            }
            holding.put(pair, held);
        }
        markAndApply(node);
        if (!several) {
            List<String> held = holding.getOrDefault(first, List.of());
            if (held.isEmpty()) return new Outcome(names, node, onlyPeer, 0, true, node + " drained (it did not hold " + (first.severalInstances() ? "a VIP)" : "the VIP)"));
            return moveAway(first, node, held, allowBlip, "drained; " + (first.severalInstances() ? String.join(" and ", held) + " moved to " : "the VIP moved to ") + onlyPeer);
        }
        long millis = 0;
        List<String> said = new ArrayList<>();
        for (var e : holding.entrySet()) {
            Pair pair = e.getKey();
            Outcome moved = moveAway(pair, node, e.getValue(), allowBlip, pair.name() + ": the VIPs moved to " + pair.peerOf(node).orElseThrow().host());
            millis += moved.millis();
            if (!moved.ok()) return new Outcome(pair.name(), node, moved.to(), millis, false, pair.name() + ": " + moved.message());
            said.add(moved.message());
        }
        return new Outcome(names, node, null, millis, true, node + " drained" + (said.isEmpty() ? " (it held no VIP)" : "; " + String.join("; ", said)));
    }

    /** A drained node's VIPs in {@code pair} go to its peer: by preemption, or (without it) by the peer's takeover. */
    private Outcome moveAway(Pair pair, String node, List<String> held, boolean allowBlip, String done) throws TransportException {
        String peer = pair.peerOf(node).orElseThrow().host();
        // Without preemption the peer would leave a drained holder be: it takes over for the move.
        return needsTakeover(pair, held) ? takeOver(pair, node, peer, allowBlip, done) : awaitHolder(pair, node, peer, done);
    }

    private static boolean needsTakeover(Pair pair, List<String> held) {
        return held.stream().anyMatch(i -> !pair.instance(i).preempt());
    }

    /** {@code node} runs at its declared priority again; with preemption the preferred node takes its VIPs back, without loss. */
    public Outcome undrain(String node) throws TransportException {
        Pair pair = pairOf(node);
        String peer = pair.peerOf(node).orElseThrow().host();
        Set<String> instances = instanceDrains(node);
        if (!drained(node) && instances.isEmpty()) return new Outcome(pair.name(), peer, node, 0, true, node + " is not drained");
        mark(node, DrainMark.PATH, false);
        for (String i : instances) mark(node, InstanceMarks.DRAINED_DIR + "/" + i, false);
        if (!reconfigure.on(node)) throw new Refused(node + ": applying its keepalived configuration failed after the mark was removed; run apply");
        List<Pair> pairs = Pairs.of(inventory, node);
        List<String> said = new ArrayList<>();
        long millis = 0;
        boolean ok = true;
        // A node of several pairs takes back what it prefers in each of them.
        for (Pair each : pairs) {
            Outcome o = takeBack(each, node);
            millis += o.millis();
            said.add(pairs.size() > 1 ? each.name() + ": " + o.message() : o.message());
            ok = o.ok();
            if (!ok) break;
        }
        String names = String.join(" and ", pairs.stream().map(Pair::name).toList());
        return new Outcome(names, peer, node, millis, ok, node + " undrained; " + String.join("; ", said));
    }

    /**
     * After {@code node} was undrained: the preempting instances of {@code pair} it is preferred in come
     * back to it; the others stay. The message says where the VIPs are.
     */
    private Outcome takeBack(Pair pair, String node) {
        String peer = pair.peerOf(node).orElseThrow().host();
        PairView view = PairView.look(connector, inventory, pair);
        // Decided by the declaration, not by one look: the move may already be under way (its peer let go, the
        // node not yet up), and a look then shows nobody.
        List<String> back = pair.instances().stream().filter(i -> i.preempt() && pair.preferred(i).host().equals(node)).map(Vrrp::name).toList();
        if (back.isEmpty()) return new Outcome(pair.name(), peer, node, 0, true, stays(view));
        Map<String, String> layout = new LinkedHashMap<>();
        for (Vrrp i : pair.instances()) layout.put(i.name(), back.contains(i.name()) ? node : only(view.holdersOf(i.name())));
        return awaitLayout(pair, peer, node, layout, (pair.severalInstances() ? String.join(" and ", back) + " moved back to " : "the VIP moved back to ") + node);
    }

    private static String stays(PairView view) {
        return view.instances().size() == 1 ? "the VIP stays on " + view.describeHolders() : "the VIPs stay where they are (" + view.describe() + ")";
    }

    private static String only(List<String> holders) {
        return holders.size() == 1 ? holders.get(0) : null;
    }

    private void requireStandby(Pair pair, PairView view, String holder, String target, List<String> instances) {
        String why = view.whyNoStandby(target, instances);
        if (why != null || view.keepalived().get(target) == null) {
            throw new Refused(pair.name() + ": " + target + " is no standby (" + (why == null ? "it could not be read" : why) + "): moving "
                    + (pair.severalInstances() ? String.join(" and ", instances) : "the VIP") + " away from " + holder + " would leave it to nobody; nothing was changed");
        }
    }

    /**
     * {@code target} runs preempting at the highest priority until it holds the VIPs, then its declared
     * configuration again. Where the VIPs did not move, the holder is restarted only with {@code allowBlip}.
     */
    private Outcome takeOver(Pair pair, String holder, String target, boolean allowBlip, String done) throws TransportException {
        Outcome moved;
        try {
            moved = beginTakeover(pair, holder, target, done);
        } finally {
            endTakeover(target);
        }
        PairView after = PairView.look(connector, inventory, pair);
        if (moved.ok() && !after.heldOnlyBy(target)) {
            moved = new Outcome(pair.name(), holder, target, moved.millis(), false,
                    "the VIPs moved to " + target + " but " + after.describe() + " after its configuration was restored");
        }
        if (moved.ok() || !allowBlip) {
            return moved.ok() ? moved : new Outcome(moved.pair(), holder, target, moved.millis(), false,
                    moved.message() + "; keepalived ignored the priority change (--allow-blip restarts " + holder + " instead, losing probes)");
        }
        return restartHolder(pair, holder, target, "restarted");
    }

    /**
     * {@code target} runs preempting at the highest priority and takes the VIPs from {@code holder}, which
     * answers until then. It stays so until {@link #endTakeover}, which must follow whatever happens.
     */
    public Outcome beginTakeover(Pair pair, String holder, String target, String done) throws TransportException {
        mark(target, TakeoverMark.PATH, true);
        if (!reconfigure.on(target)) throw new Refused(target + ": applying its takeover configuration failed");
        return awaitHolder(pair, holder, target, done);
    }

    /** {@code target} back to its declared configuration; with preemption a higher-priority peer then takes the VIPs back, without loss. */
    public void endTakeover(String target) throws TransportException {
        mark(target, TakeoverMark.PATH, false);
        if (!reconfigure.on(target)) throw new Refused(target + ": applying its declared keepalived configuration after the takeover failed; run apply");
    }

    /** The controlled move with a blip: the holder's keepalived restarts, its peer takes over on the priority-0 advert. */
    private Outcome restartHolder(Pair pair, String holder, String target, String what) throws TransportException {
        long start = time.nanoTime();
        try (Transport t = connector.open(inventory.host(holder))) {
            CommandResult r = t.run("systemctl restart keepalived");
            if (r.exitCode() != 0) throw new Refused(holder + ": systemctl restart keepalived failed: " + r.stderr().strip());
        }
        Outcome moved = awaitHolder(pair, holder, target, what + " keepalived on " + holder + " (--allow-blip); the VIP moved to " + target);
        return new Outcome(moved.pair(), moved.from(), moved.to(), (time.nanoTime() - start) / 1_000_000, moved.ok(), moved.message());
    }

    /**
     * Waits for {@code to} alone to hold every VIP: VRRP's master-down interval (three adverts and a skew
     * under a second) and 3 s more for the adverts in flight.
     */
    private Outcome awaitHolder(Pair pair, String from, String to, String done) {
        Map<String, String> layout = new LinkedHashMap<>();
        pair.instances().forEach(i -> layout.put(i.name(), to));
        return awaitLayout(pair, from, to, layout, done);
    }

    /** Waits for each instance to be held by its node in {@code layout} (by at most one node where it names none). */
    private Outcome awaitLayout(Pair pair, String from, String to, Map<String, String> layout, String done) {
        long start = time.nanoTime();
        int advert = pair.instances().stream().mapToInt(Vrrp::advertInt).max().orElse(1);
        PairView view = time.until(() -> PairView.look(connector, inventory, pair), v -> v.matches(layout),
                Duration.ofSeconds(3L * advert + 4), Duration.ofMillis(100));
        long ms = (time.nanoTime() - start) / 1_000_000;
        if (!view.matches(layout)) {
            String now = pair.severalInstances() ? view.describe() : "the VIP is held by " + view.describeHolders() + ", not " + to;
            return new Outcome(pair.name(), from, to, ms, false, now + ", after " + ms + " ms");
        }
        return new Outcome(pair.name(), from, to, ms, true, done);
    }

    private Pair pairOf(String node) {
        if (!inventory.hosts().containsKey(node)) throw new InvalidInputException(Location.COMMAND_LINE, "NODE", "no host named '" + node + "'");
        return Pairs.first(inventory, node).orElseThrow(() -> new InvalidInputException(Location.COMMAND_LINE, "NODE",
                node + " is in no pair; only a pair's node can be drained"));
    }

    private boolean drained(String node) throws TransportException {
        return DrainMark.on(connector, inventory.host(node));
    }

    /** The node's drain mark, and its configuration applied with it; the mark taken back when that fails. */
    private void markAndApply(String node) throws TransportException {
        mark(node, DrainMark.PATH, true);
        boolean applied = false;
        try {
            applied = reconfigure.on(node);
        } finally {
            if (!applied) mark(node, DrainMark.PATH, false);
        }
        if (!applied) throw new Refused(node + ": applying its drained keepalived configuration failed; the mark was taken back");
    }

    /** The instances drained one by one on {@code node}. */
    private Set<String> instanceDrains(String node) throws TransportException {
        try (Transport t = connector.open(inventory.host(node))) {
            return new io.hastate.core.facts.FactCache(t).view(List.of(InstanceMarks.DRAINED)).get(InstanceMarks.DRAINED);
        }
    }

    /** A mark on the node (who set it and when), or its removal. */
    private void mark(String node, String path, boolean set) throws TransportException {
        try (Transport t = connector.open(inventory.host(node))) {
            if (set) {
                t.run("mkdir -p " + path.substring(0, path.lastIndexOf('/')));
                String why = "set by " + System.getProperty("user.name") + " with hastate at " + Instant.now() + "\n";
                try {
                    t.writeFile(path, why.getBytes(StandardCharsets.UTF_8), new FileAttributes("0644", null, null));
                } catch (io.hastate.core.transport.FileWriteException e) {
                    throw new Refused(node + ": could not write " + path + ": " + e.getMessage() + "; nothing was changed");
                }
            } else {
                CommandResult r = t.run("rm -f " + path);
                if (r.exitCode() != 0) throw new Refused(node + ": could not remove " + path + ": " + r.stderr().strip());
            }
        }
    }

    private static String whyOrUnknown(PairView view, String node) {
        String why = view.whyNoStandby(node);
        return why == null ? "its state could not be read" : why;
    }
}
