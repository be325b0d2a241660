package io.hastate.core.report;

import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.EngineListener;
import io.hastate.core.run.Mode;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects a run's events into per-host results: what every report and the exit code are made from. */
public final class RunSummary implements EngineListener {
    /** A check or an apply: reports name it by its mode. */
    public RunSummary() {
        this(null);
    }

    /** A run that only reads, named by its command ({@code facts}, {@code doctor}) in reports. */
    public RunSummary(String kind) {
        this.kind = kind;
    }

    public static final class HostSummary {
        private final String name;
        private final List<StateResult> results = new ArrayList<>();
        private String unreachable;
        private String failure;
        private Duration duration = Duration.ZERO;
        private int factRoundTrips;
        private Map<String, Object> observations = Map.of();

        HostSummary(String name) {
            this.name = name;
        }

        public String name() { return name; }

        public List<StateResult> results() { return List.copyOf(results); }

        /** Why the host could not be reached, or null. */
        public String unreachable() { return unreachable; }

        /** Why the host failed as a whole (not one of its states), or null. */
        public String failure() { return failure; }

        public Duration duration() { return duration; }

        public int factRoundTrips() { return factRoundTrips; }

        public Map<String, Object> observations() { return observations; }

        /** The value of an observation fact, typed as the fact is; empty when it was not read. */
        @SuppressWarnings("unchecked")
        public <T> java.util.Optional<T> observed(io.hastate.core.facts.Fact<T> fact) {
            return java.util.Optional.ofNullable((T) observations.get(fact.key()));
        }

        public Map<Status, Integer> counts() {
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            for (Status s : Status.values()) counts.put(s, 0);
            for (StateResult r : results) counts.merge(r.status(), 1, Integer::sum);
            return counts;
        }
    }

    private Mode mode = Mode.CHECK;
    /** What the run was, as reports name it: the command for runs that only read (facts, doctor), else the mode. */
    private final String kind;
    private final Map<String, HostSummary> hosts = new LinkedHashMap<>();
    private Duration duration = Duration.ZERO;
    private final List<EngineEvent.Extension> extensions = new ArrayList<>();
    private java.time.Instant startedAt;

    @Override
    public synchronized void on(EngineEvent event) {
        if (event instanceof EngineEvent.RunStarted e) {
            if (startedAt == null) startedAt = java.time.Instant.now();
            mode = e.mode();
            e.hosts().forEach(h -> hosts.put(h, new HostSummary(h)));
        } else if (event instanceof EngineEvent.StateFinished e) {
            host(e.host()).results.add(e.result());
        } else if (event instanceof EngineEvent.HostUnreachable e) {
            host(e.host()).unreachable = e.reason();
        } else if (event instanceof EngineEvent.HostFailed e) {
            host(e.host()).failure = e.reason();
        } else if (event instanceof EngineEvent.HostFinished e) {
            host(e.host()).duration = e.duration();
            host(e.host()).factRoundTrips = e.factRoundTrips();
        } else if (event instanceof EngineEvent.HostObserved e) {
            host(e.host()).observations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(e.observations()));
        } else if (event instanceof EngineEvent.Extension e) {
            extensions.add(e);
        } else if (event instanceof EngineEvent.RunFinished e) {
            duration = e.duration();
        }
    }

    private HostSummary host(String name) {
        return hosts.computeIfAbsent(name, HostSummary::new);
    }

    public Mode mode() { return mode; }

    /** "check" or "apply", or the command of a run that only reads ("facts", "doctor"). */
    public String kind() { return kind != null ? kind : mode.name().toLowerCase(java.util.Locale.ROOT); }

    /** When the first run of this report started (null before it did). */
    public synchronized java.time.Instant startedAt() { return startedAt; }

    public synchronized List<HostSummary> hosts() { return List.copyOf(hosts.values()); }

    public Duration duration() { return duration; }

    /** The events of other parts of hastate (the pair rollout's steps), in order. */
    public synchronized List<EngineEvent.Extension> extensions() { return List.copyOf(extensions); }

    public synchronized boolean anyFailed() {
        return extensions.stream().anyMatch(EngineEvent.Extension::problem) || hosts.values().stream().anyMatch(h -> h.unreachable != null || h.failure != null
                || h.results.stream().anyMatch(r -> r.status() == Status.FAILED));
    }

    /** A check or apply in which no host had a state to evaluate (the top file assigns none to the hosts selected). */
    public synchronized boolean noStateEvaluated() {
        return kind == null && !hosts.isEmpty() && hosts.values().stream().allMatch(h -> h.results.isEmpty() && h.unreachable == null && h.failure == null);
    }

    public synchronized boolean anyDrift() {
        return hosts.values().stream().anyMatch(h -> h.results.stream().anyMatch(r -> r.status() == Status.WOULD_CHANGE));
    }
}
