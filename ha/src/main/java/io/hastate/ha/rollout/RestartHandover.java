package io.hastate.ha.rollout;

import io.hastate.core.engine.Engine;
import io.hastate.core.run.EngineEvent;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.Mode;
import io.hastate.core.model.Diff;
import io.hastate.core.model.RestartsService;
import io.hastate.core.model.UpgradesPackage;
import io.hastate.core.model.Inventory;
import io.hastate.core.time.Waiter;
import io.hastate.ha.model.Pair;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.ha.handover.Handover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A change that restarts keepalived on a pair's holder (a package upgrade, a service with
 * {@code reload: false}) would cost a failover. Before it, the holder's peer, already done, takes the VIPs
 * over without loss (a takeover: preempting at the highest priority), so the restart happens on a node
 * that holds nothing; afterwards the peer goes back to its declared configuration, and a preempting pair's
 * preferred node takes its VIPs back the same way. The peer's configuration changes by keepalived's own
 * reload only, whatever its service state says: only its priority changes, and a reload keeps it MASTER.
 * In an active/active pair the peer may take over before its own turn: an upgrade of keepalived that its
 * configuration needs is then installed with it, and the restart that upgrade owes happens in the peer's
 * own turn, after the VIPs it holds were taken over in their turn.
 */
final class RestartHandover {
    private final Connector connector;
    private final Map<String, HostPlan> byHost;
    private final Handover handover;
    private final Set<String> owedRestarts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    RestartHandover(Connector connector, Inventory inventory, Map<String, HostPlan> byHost, Waiter time) {
        this.connector = connector;
        this.byHost = byHost;
        this.handover = new Handover(connector, inventory, this::reloadConfig, time);
    }

    /** Whether applying {@code host}'s plan would restart keepalived (a check of it, nothing changed), or a restart is owed there. */
    boolean restartsKeepalived(String host) {
        if (owedRestarts.contains(host)) return true;
        List<StateResult> results = new ArrayList<>();
        new Engine(connector, e -> {
            if (e instanceof EngineEvent.StateFinished f) results.add(f.result());
        }, 1).run(List.of(byHost.get(host)), Mode.CHECK);
        return results.stream().anyMatch(r -> r.status() == Status.WOULD_CHANGE && restarts(r));
    }

    /** A state whose apply restarts keepalived: as its check declared it, whichever module (a plugin's too) it is. */
    static boolean restarts(StateResult r) {
        for (Diff.Action a : r.actions()) {
            // Debian's maintainer scripts restart keepalived when its package is upgraded.
            if (a instanceof RestartsService s && s.is("keepalived") || a instanceof UpgradesPackage u && u.pkg().equals("keepalived")) return true;
        }
        return false;
    }

    /**
     * Restarts keepalived on {@code host} when a takeover installed an upgrade there that its own apply
     * did not restart for; false when nothing was owed.
     */
    boolean restartIfOwed(String host) throws TransportException {
        if (!owedRestarts.remove(host)) return false;
        try (Transport t = connector.open(byHost.get(host).host())) {
            CommandResult r = t.run("systemctl restart keepalived");
            if (r.exitCode() != 0) throw new Handover.Refused(host + ": systemctl restart keepalived failed: " + r.stderr().strip());
        }
        return true;
    }

    Handover.Outcome begin(Pair pair, String holder, String peer) throws TransportException {
        return handover.beginTakeover(pair, holder, peer, peer + " took the VIP over");
    }

    void end(String peer) throws TransportException {
        handover.endTakeover(peer);
    }

    /** The host's keepalived.config states (and what they need), then keepalived's own reload. */
    private boolean reloadConfig(String host) throws TransportException {
        HostPlan plan = byHost.get(host);
        Set<StateRef> configs = plan.graph().ordered().stream().map(n -> n.state().ref())
                .filter(r -> r.module().equals("keepalived") && r.function().equals("config")).collect(Collectors.toSet());
        if (configs.isEmpty()) return false;
        boolean[] failed = {false};
        new Engine(connector, e -> {
            if (e instanceof EngineEvent.StateFinished f && f.result().status() == Status.CHANGED && restarts(f.result())) owedRestarts.add(host);
            if (e instanceof EngineEvent.StateFinished f && f.result().status() == Status.FAILED) failed[0] = true;
            if (e instanceof EngineEvent.HostUnreachable || e instanceof EngineEvent.HostFailed) failed[0] = true;
        }, 1).run(List.of(new HostPlan(plan.host(), plan.graph().requisitesOf(configs), plan.secrets(), plan.observations())), Mode.APPLY);
        if (failed[0]) return false;
        try (Transport t = connector.open(plan.host())) {
            CommandResult r = t.run("systemctl reload keepalived");
            return r.exitCode() == 0;
        }
    }
}
