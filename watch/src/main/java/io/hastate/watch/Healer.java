package io.hastate.watch;

import io.hastate.ha.model.Pairs;
import io.hastate.api.Project;
import io.hastate.api.Runner;
import io.hastate.ha.rollout.RolloutSection;
import io.hastate.ha.rollout.RolloutStep;
import io.hastate.core.plan.HostPlan;
import io.hastate.ha.model.Pair;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.report.RunSummary;
import io.hastate.core.transport.Connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code watch --heal}: repairs the drift a check round found. Per host, only the drifted states and what
 * they need or set off (a reload watching a repaired file) are applied, through the pair rollout: one
 * node at a time, the holder only while its peer is a ready standby, stopping at the first failed pair.
 * Never during a split brain, and at most once per pair (or lone host) per {@code every}. Each heal, and
 * each heal held back, is an event, which the history keeps.
 */
final class Healer {
    private final Project project;
    private final Connector connector;
    private final Duration every;
    private final Clock clock;
    private final Map<String, Instant> lastHeal = new HashMap<>();
    /** Why each unit's heal was last held back, so that a reason is told once, not every round. */
    private final Map<String, String> heldBecause = new HashMap<>();

    Healer(Project project, Connector connector, Duration every, Clock clock) {
        this.project = project;
        this.connector = connector;
        this.every = every;
        this.clock = clock;
    }

    /**
     * Heals what {@code checked} found drifted on {@code plans}' hosts (a host without a plan there is not
     * healed); {@code splitBrain} says which pairs have two holders now.
     */
    List<WatchEvent> heal(List<HostPlan> plans, RunSummary checked, Set<String> splitBrain) {
        Set<String> planned = plans.stream().map(p -> p.host().name()).collect(Collectors.toSet());
        Map<String, Set<StateRef>> drifted = new LinkedHashMap<>();
        for (RunSummary.HostSummary h : checked.hosts()) {
            if (h.unreachable() != null || !planned.contains(h.name())) continue;
            Set<StateRef> refs = h.results().stream().filter(r -> r.status() == Status.WOULD_CHANGE).map(StateResult::state)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (!refs.isEmpty()) drifted.put(h.name(), refs);
        }
        Map<String, List<String>> units = new LinkedHashMap<>();
        drifted.keySet().forEach(host -> units.computeIfAbsent(unitOf(host), k -> new ArrayList<>()).add(host));
        heldBecause.keySet().retainAll(units.keySet());

        List<WatchEvent> events = new ArrayList<>();
        for (Map.Entry<String, List<String>> unit : units.entrySet()) {
            Optional<Pair> pair = Pairs.first(project.inventory(), unit.getValue().get(0));
            String pairName = pair.map(Pair::name).orElse(null);
            // A node of several pairs is held back by a split brain in any of them.
            String split = Pairs.of(project.inventory(), unit.getValue().get(0)).stream().map(Pair::name).filter(splitBrain::contains).findFirst().orElse(pairName);
            String held = heldBack(unit.getKey(), split, splitBrain);
            if (held != null) {
                String kind = held.substring(0, held.indexOf(':'));
                if (!kind.equals(heldBecause.put(unit.getKey(), kind))) {
                    for (String host : unit.getValue()) events.add(event(WatchEvent.Kind.HEAL_HELD, pairName, host, held));
                }
                continue;
            }
            heldBecause.remove(unit.getKey());
            lastHeal.put(unit.getKey(), clock.instant());
            events.addAll(apply(pairName, unit.getValue(), plans, drifted));
        }
        return events;
    }

    private String unitOf(String host) {
        return Pairs.first(project.inventory(), host).map(Pair::name).orElse(host);
    }

    /** Why this unit is not healed now, or null. */
    private String heldBack(String unit, String pair, Set<String> splitBrain) {
        if (pair != null && splitBrain.contains(pair)) return "split brain: both nodes hold the VIP, no heal until one lets go";
        Instant last = lastHeal.get(unit);
        if (last != null && Duration.between(last, clock.instant()).compareTo(every) < 0) {
            return "rate: healed at " + last + "; at most one heal per " + every.toSeconds() + " s";
        }
        return null;
    }

    private List<WatchEvent> apply(String pair, List<String> hosts, List<HostPlan> plans, Map<String, Set<StateRef>> drifted) {
        List<HostPlan> narrowed = plans.stream().filter(p -> hosts.contains(p.host().name()))
                .map(p -> new HostPlan(p.host(), p.graph().narrowedTo(drifted.get(p.host().name())), p.secrets(), List.of()))
                .toList();
        RunSummary applied = new RunSummary();
        new Runner(project, connector, Math.max(1, hosts.size())).apply(narrowed, new Runner.ApplyPolicy(true, 1, 1), applied, e -> {});
        List<WatchEvent> events = new ArrayList<>();
        for (RolloutStep step : RolloutSection.steps(applied)) {
            if (step.problem()) events.add(event(WatchEvent.Kind.HEAL_FAILED, pair, null, "heal stopped: " + step.message()));
        }
        for (RunSummary.HostSummary h : applied.hosts()) {
            List<String> changed = labels(h, Status.CHANGED);
            List<String> failed = labels(h, Status.FAILED);
            String trouble = h.unreachable() != null ? h.unreachable() : h.failure();
            if (trouble != null || !failed.isEmpty()) {
                events.add(event(WatchEvent.Kind.HEAL_FAILED, pair, h.name(),
                        "heal failed: " + (trouble != null ? trouble : String.join(", ", failed)) + (changed.isEmpty() ? "" : "; repaired: " + String.join(", ", changed))));
            } else if (!changed.isEmpty()) {
                events.add(event(WatchEvent.Kind.HEALED, pair, h.name(), "repaired: " + String.join(", ", changed)));
            }
        }
        return events;
    }

    private static List<String> labels(RunSummary.HostSummary h, Status status) {
        return h.results().stream().filter(r -> r.status() == status).map(r -> r.state().label()).toList();
    }

    private WatchEvent event(WatchEvent.Kind kind, String pair, String host, String detail) {
        return new WatchEvent(clock.instant(), kind, pair, host, detail);
    }
}
