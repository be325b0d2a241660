package io.hastate.watch;

import io.hastate.ha.model.Pairs;
import io.hastate.api.Project;
import io.hastate.api.Runner;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.NetAddresses;
import io.hastate.ha.model.Pair;
import io.hastate.core.model.Status;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.ha.doctor.DoctorSection;
import io.hastate.ha.keepalived.DrainMark;
import io.hastate.ha.facts.KeepalivedProcess;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows a fleet's pairs as things happen: each pair member runs a monitor of its addresses and of
 * keepalived's journal over a connection held for the whole watch; any line it prints makes the watch
 * look at that node at once (its addresses and keepalived's state, one round trip) and judge the pair.
 * Every {@code interval} a full check of the selected hosts' states runs over the same connections.
 */
public final class Watcher implements WatchView, AutoCloseable {
    /**
     * Prints a line per change of addresses or of keepalived's state, stamped by the host's clock (an ip
     * too old for -ts prints without); ends (killing what it started) when its input ends.
     */
    static final String MONITOR = "echo ready; exec setsid -w sh -c '{ TZ=UTC ip -o -ts monitor address 2>/dev/null || ip -o monitor address; } & "
            + "journalctl -f -n 0 -o short-unix -u keepalived.service 2>/dev/null & cat >/dev/null; kill 0'";

    /** How long one command of a look or a check may run on a host. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Project project;
    private final List<String> hosts;
    private final HeldSessions sessions;
    private final Healer healer;
    private final Risks risks = new Risks(this::pairName);
    private final Duration interval;
    private final Clock clock;
    private final Map<String, PairTracker> pairs = new LinkedHashMap<>();
    private final HostStates hostStates;
    private final DriftBook driftBook = new DriftBook();
    private final EventLog log;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hastate-watch-check"));
    private final List<Thread> followers = new ArrayList<>();
    /** Over held connections a host costs a command, not a handshake: all hosts at once (up to 200), on threads kept between rounds. */
    private final int checkThreads;
    private final ExecutorService checkWorkers;
    private final java.util.Set<Transport.Held> monitors = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile Duration lastCheck = Duration.ZERO;
    /** The check rounds' plans. */
    private final WatchPlans plans;
    /** Hosts whose plan reads nothing: a check round asks them for an answer instead. */
    private final java.util.Set<String> idle;
    /** The pair members drained at the last check round (hastate drain): their VIPs are away on purpose. */
    private final java.util.Set<String> drained = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Whether the check rounds check states, or only read what the pairs and the doctor need. */
    private final boolean checksStates;

    /** The last check round's failure, told once until a round succeeds. */
    private String lastCheckFailure;

    /** With {@code healEvery} non-null, drift a check finds is repaired ({@link Healer}), at most once per pair or lone host per that time. */
    public Watcher(Project project, List<String> hosts, List<String> states, Connector connector, Duration interval, Clock clock,
                   List<Consumer<WatchEvent>> listeners, Duration healEvery) {
        this.project = project;
        this.hosts = List.copyOf(hosts);
        this.sessions = new HeldSessions(connector, COMMAND_TIMEOUT);
        this.healer = healEvery == null ? null : new Healer(project, sessions, healEvery, clock);
        this.interval = interval;
        this.clock = clock;
        this.log = new EventLog(listeners);
        for (Pair p : Pairs.all(project.inventory()).values()) {
            if (p.nodes().stream().anyMatch(n -> hosts.contains(n.host()))) pairs.put(p.name(), new PairTracker(p));
        }
        this.hostStates = new HostStates(this.hosts, this::pairName);
        // Bad states are bad input now, not a failure every round. The doctor's evidence is read along
        // with the states' facts: its findings are judged every round.
        Runner reads = new Runner(project, connector, 1);
        // Without named states a tree with no top file gives no host a state: the watch then follows the pairs only.
        checksStates = project.hasStates() && (!states.isEmpty() || project.hasTopFile());
        plans = checksStates ? WatchPlans.ofStates(project, hosts, states, h -> reads.checkObservations(h, true), connector)
                : WatchPlans.fixed(project, project.readOnly(hosts, h -> reads.checkObservations(h, true)));
        idle = plans.all().stream().filter(p -> p.graph().ordered().isEmpty() && p.observations().isEmpty()).map(p -> p.host().name())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        checkThreads = Math.max(1, Math.min(200, hosts.size()));
        checkWorkers = Executors.newFixedThreadPool(checkThreads, r -> daemon(r, "hastate-watch-host"));
    }

    /** Whether states are checked at each interval (a state tree with a top file, or named states). */
    public boolean checksStates() {
        return checksStates;
    }

    /** The pairs this watch follows (those with a selected member), and the hosts it checks. */
    public java.util.Set<String> followedPairs() {
        return java.util.Collections.unmodifiableSet(pairs.keySet());
    }

    public List<String> followedHosts() {
        return hosts;
    }

    /** Starts following every pair member and the check rounds; returns at once. */
    public void start() {
        for (String host : hosts) {
            if (Pairs.first(project.inventory(), host).isEmpty()) continue;
            Thread t = daemon(() -> follow(host), "hastate-watch-" + host);
            followers.add(t);
            t.start();
        }
        checks.scheduleWithFixedDelay(this::checkRound, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pair member: the monitor, a look at each line it prints, and a new connection (backing off) when it ends. */
    private void follow(String host) {
        long backoff = 1000;
        while (running) {
            String why;
            try (Transport t = sessions.open(project.inventory().host(host));
                 Transport.Held monitor = t.hold(MONITOR, Duration.ofSeconds(15))) {
                monitors.add(monitor);
                hostUp(host);
                backoff = 1000;
                MonitorBursts bursts = new MonitorBursts(monitor, clock, "hastate-watch-monitor-" + host);
                Look first = look(t, bursts);
                // What happened before the first look is in it.
                bursts.takeUntil(first.at());
                NodeNews news = new NodeNews(first.seen(), first.at(), (seen, at) -> judge(host, seen, at));
                for (List<MonitorBursts.Line> burst = bursts.next(); running && burst != null; burst = bursts.next()) {
                    news.lines(burst);
                    Look look = look(t, bursts);
                    // Lines printed before the look ran may have come after its answer: they say when what it saw happened.
                    news.lines(bursts.takeUntil(look.at()));
                    news.looked(look.seen(), look.at());
                }
                monitors.remove(monitor);
                why = "connection lost";
            } catch (TransportException e) {
                why = e.getMessage();
            } catch (InterruptedException e) {
                return;
            }
            if (!running) return;
            sessions.drop(host);
            hostDown(host, why);
            sleep(backoff);
            backoff = Math.min(backoff * 2, 30_000);
        }
    }

    /** A node's addresses and keepalived's state, and when the look ran by the host's clock. */
    private record Look(NodeNews.Seen seen, Instant at) {}

    /** The node's addresses and keepalived's state now, one round trip. */
    private Look look(Transport t, MonitorBursts bursts) throws TransportException {
        FactValues values = new FactCache(t).view(List.of(HostClock.FACT, NetAddresses.FACT, KeepalivedProcess.FACT));
        Instant arrival = clock.instant();
        Instant hostTime = values.get(HostClock.FACT);
        NodeNews.Seen seen = new NodeNews.Seen(NetAddresses.global(values.get(NetAddresses.FACT)), values.get(KeepalivedProcess.FACT));
        return new Look(seen, hostTime == null ? arrival : bursts.dateHostTime(hostTime, arrival));
    }

    /** A node of several pairs: one look, judged in each of them. */
    private void judge(String host, NodeNews.Seen seen, Instant at) {
        for (Pair pair : Pairs.of(project.inventory(), host)) {
            NodeView view = new NodeView(true, seen.addresses(), nodeState(pair, seen.keepalived()));
            log.add(pairs.get(pair.name()).update(host, view, at));
        }
    }

    /** A node's keepalived in one word: FAULT when any of its pair's instances is, else the main instance's state. */
    static String nodeState(Pair pair, KeepalivedProcess keepalived) {
        boolean fault = pair.instances().stream().anyMatch(i -> "FAULT".equals(keepalived.vrrpState(i.name())));
        return fault ? "FAULT" : keepalived.vrrpState(pair.vrrp().name());
    }

    private void hostUp(String host) {
        log.add(hostStates.up(host, clock.instant()));
    }

    private void hostDown(String host, String why) {
        List<WatchEvent> events = new ArrayList<>(hostStates.down(host, why, clock.instant()));
        // What a node that cannot be read holds is unknown: it counts as holding nothing.
        Pairs.of(project.inventory(), host).forEach(p -> events.addAll(pairs.get(p.name()).update(host, NodeView.UNREACHABLE, clock.instant())));
        log.add(events);
    }

    private String pairName(String host) {
        return Pairs.first(project.inventory(), host).map(Pair::name).orElse(null);
    }

    /** A full check of the selected hosts' states over the held connections: drift per host. */
    private void checkRound() {
        try {
            long start = System.nanoTime();
            plans.replan(answering(), sessions);
            Runner runner = new Runner(project, sessions.answering(idle), checkThreads, checkWorkers);
            RunReport report = runner.check(plans.settled(), true, new RunSummary(), e -> {});
            // A round cut short by the watch stopping says nothing about the hosts.
            if (!running) return;
            lastCheck = Duration.ofNanos(System.nanoTime() - start);
            List<WatchEvent> events = new ArrayList<>();
            for (RunSummary.HostSummary h : report.summary().hosts()) {
                boolean followed = Pairs.first(project.inventory(), h.name()).isPresent();
                if (h.unreachable() != null) {
                    // A pair member's monitor reports its own connection; any other host is known down from here.
                    sessions.drop(h.name());
                    if (!followed) hostDown(h.name(), h.unreachable());
                    continue;
                }
                if (h.observed(DrainMark.FACT).orElse(false)) drained.add(h.name());
                else drained.remove(h.name());
                int drift = (int) h.results().stream().filter(DriftBook::differs).count();
                driftBook.record(h.name(), h.results());
                // A pair member found here before its monitor connects again is told up here, once.
                events.addAll(hostStates.checked(h.name(), drift, clock.instant()));
            }
            report.sections().stream().filter(DoctorSection.class::isInstance).map(DoctorSection.class::cast).findFirst()
                    .ifPresent(doctor -> events.addAll(risks.update(doctor.findings(), report.summary(), clock.instant())));
            lastCheckFailure = null;
            log.add(events);
            if (healer != null && running) log.add(healer.heal(plans.settled(), report.summary(), splitBrains()));
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            if (!why.equals(lastCheckFailure)) log.add(List.of(new WatchEvent(clock.instant(), WatchEvent.Kind.CHECK_FAILED, null, null, why)));
            lastCheckFailure = why;
        }
    }

    /** The hosts known to answer now. */
    private java.util.Set<String> answering() {
        return hostStates.answering();
    }

    private java.util.Set<String> splitBrains() {
        java.util.Set<String> out = new java.util.HashSet<>();
        pairs.values().forEach(p -> {
            if (p.splitBrain()) out.add(p.name());
        });
        return out;
    }

    /** The Prometheus metrics of the pairs and hosts now. */
    @Override
    public String metrics() {
        return readout().metrics(clock.instant());
    }

    /** The live view: each pair's holders and problems, each host's reachability and drift. */
    @Override
    public Map<String, Object> status() {
        return readout().status(clock.instant());
    }

    private WatchReadout readout() {
        return new WatchReadout(pairs.values(), hostStates.view(), drained, risks, driftBook, lastCheck);
    }

    /** One state's difference on one host at the last check round, as plain text. */
    @Override
    public java.util.Optional<String> diff(String host, String stateId) {
        return driftBook.diff(host, stateId);
    }

    @Override
    public List<WatchEvent> events(Instant since) {
        return log.since(since);
    }

    /** Hears of every event from now on, until the returned handle is run (a status page's stream). */
    @Override
    public Runnable subscribe(Consumer<WatchEvent> listener) {
        return log.subscribe(listener);
    }

    @Override
    public void close() {
        running = false;
        checks.shutdownNow();
        checkWorkers.shutdownNow();
        // Ending the monitors ends what they started on the hosts.
        monitors.forEach(Transport.Held::close);
        sessions.close();
        followers.forEach(Thread::interrupt);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
