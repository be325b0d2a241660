package io.hastate.api;

import io.hastate.core.engine.Engine;
import io.hastate.core.run.EngineListener;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.Mode;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateRef;
import io.hastate.core.report.RunSummary;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.RunConnections;
import io.hastate.core.transport.TransportException;
import io.hastate.ha.handover.Handover;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.Pairs;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The planned moves of a pair's VIPs: handover, drain and undrain. A move applies only the nodes'
 * keepalived configuration as their states declare it (the keepalived.config states, what they require
 * and what watches them: the reload), planned before anything changes so that bad states change
 * nothing, over connections that hold each node's lock for the whole move.
 */
public final class PairMoves {
    /** How a move ended: where the VIPs went and how long it took; {@code refused} when nothing was tried. */
    public record Outcome(String pair, long millis, boolean ok, boolean refused, String message) {}

    private final Project project;
    private final List<String> states;
    private final Connector connector;
    private final EngineListener progress;

    /** {@code states}: where the nodes' keepalived configuration comes from (empty: the top file's). */
    public PairMoves(Project project, List<String> states, Connector connector, EngineListener progress) {
        this.project = project;
        this.states = List.copyOf(states);
        this.connector = connector;
        this.progress = progress;
    }

    /** The VIPs of {@code pair} (or of one instance) to {@code to}, or to the node that does not hold them. */
    public Outcome handover(String pair, String instance, String to, boolean allowBlip) {
        Pair p = Pairs.all(project.inventory()).get(pair);
        List<String> nodes = p == null ? List.of() : p.nodes().stream().map(n -> n.host()).toList();
        return run(nodes, "hastate handover", h -> h.handover(pair, instance, to, allowBlip));
    }

    /** {@code node} gives its VIPs to its peers without loss and runs drained until undrained. */
    public Outcome drain(String node, boolean allowBlip) {
        return run(nodesBeside(node), "hastate drain", h -> h.drain(node, allowBlip));
    }

    /** {@code node} runs at its declared priorities again and takes back what it prefers. */
    public Outcome undrain(String node) {
        return run(nodesBeside(node), "hastate undrain", h -> h.undrain(node));
    }

    private interface Move {
        Handover.Outcome on(Handover handover) throws TransportException;
    }

    /** The node and its peers in every pair it is in. */
    private List<String> nodesBeside(String node) {
        return Pairs.of(project.inventory(), node).stream().flatMap(p -> p.nodes().stream()).map(n -> n.host()).distinct().toList();
    }

    private Outcome run(List<String> nodes, String owner, Move move) {
        // The states are judged before any node is contacted.
        for (String node : nodes) configsOf(node, project.plan(List.of(node), states, h -> List.of()).get(0));
        try (RunConnections connections = new RunConnections(connector, true, owner, Duration.ZERO)) {
            // What is read from a node decides its protection: over the move's own connection, before its lock.
            Map<String, HostPlan> plans = new HashMap<>();
            for (String node : nodes) plans.put(node, keepalivedPlan(node, connections.reading()));
            Handover handover = new Handover(connections, project.inventory(), host -> reconfigure(plans.get(host), connections));
            Handover.Outcome o = move.on(handover);
            return new Outcome(o.pair(), o.millis(), o.ok(), false, o.message());
        } catch (Handover.Refused e) {
            return new Outcome(null, 0, false, true, e.getMessage());
        } catch (TransportException e) {
            return new Outcome(null, 0, false, false, e.getMessage());
        }
    }

    private HostPlan keepalivedPlan(String host, Connector reading) {
        HostPlan plan = project.plan(List.of(host), states, h -> List.of(), reading, 1).get(0);
        return new HostPlan(plan.host(), plan.graph().narrowedTo(configsOf(host, plan)), plan.secrets(), plan.observations());
    }

    /** The plan's keepalived.config states, through which a node's priority is set. */
    private Set<StateRef> configsOf(String host, HostPlan plan) {
        Set<StateRef> configs = plan.graph().ordered().stream().map(n -> n.state().ref())
                .filter(r -> r.module().equals("keepalived") && r.function().equals("config")).collect(Collectors.toSet());
        if (configs.isEmpty()) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--states",
                    host + "'s states have no keepalived.config state: the node's priority is set through it (the HA tree has one)");
        }
        return configs;
    }

    private boolean reconfigure(HostPlan plan, Connector connections) {
        RunSummary summary = new RunSummary();
        EngineListener both = event -> {
            summary.on(event);
            progress.on(event);
        };
        new Engine(connections, both, 1).run(List.of(plan), Mode.APPLY);
        return !summary.anyFailed();
    }
}
