package io.hastate.api;

import io.hastate.ha.model.Pairs;
import io.hastate.core.engine.Engine;
import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.EngineListener;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.Mode;
import io.hastate.core.facts.Fact;
import io.hastate.core.model.Inventory;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import io.hastate.core.transport.Connector;
import io.hastate.ha.doctor.DoctorSection;
import io.hastate.ha.rollout.Rollout;
import io.hastate.ha.rollout.RolloutSection;
import io.hastate.ha.rollout.RolloutStep;
import io.hastate.ha.status.PairSection;
import io.hastate.ha.status.SettledPairs;
import io.hastate.core.time.Waiter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * Runs a project's plans on its hosts and reports: check, apply (pair members through the pair
 * rollout unless it is turned off), the doctor and facts, all through one engine and one report
 * shape. Events reach {@code summary}, which the report is made from, and {@code progress} as they happen.
 */
public final class Runner {
    private final Project project;
    private final Connector connector;
    private final int forks;
    private final ExecutorService workers;
    private final Waiter time;

    public Runner(Project project, Connector connector, int forks) {
        this(project, connector, forks, null);
    }

    /** Checks run their hosts on {@code workers} (kept by the caller across runs, never shut down here) when non-null. */
    public Runner(Project project, Connector connector, int forks, ExecutorService workers) {
        this(project, connector, forks, workers, Waiter.REAL);
    }

    /** {@code time}: what an apply waits on (keepalived settling before its pairs are judged); a fake one in tests. */
    public Runner(Project project, Connector connector, int forks, ExecutorService workers, Waiter time) {
        this.time = time;
        if (forks < 1) throw new IllegalArgumentException("forks must be at least 1");
        this.project = project;
        this.connector = connector;
        this.forks = forks;
        this.workers = workers;
    }

    public Project project() {
        return project;
    }

    /** How an apply treats pairs: node by node with {@code serial} pairs at once, or, with rollout off, like any host. */
    public record ApplyPolicy(boolean rollout, int serial, int maxFail) {}

    /** What check reads besides the states' facts: each pair member's VIPs, and with the doctor its evidence. */
    public List<Fact<?>> checkObservations(String host, boolean doctor) {
        List<Fact<?>> out = new ArrayList<>(PairSection.observations(project.inventory(), host));
        if (doctor) out.addAll(DoctorSection.observations(project.inventory(), host));
        return out;
    }

    public RunReport check(List<HostPlan> plans, boolean doctor, RunSummary summary, EngineListener progress) {
        new Engine(connector, both(summary, progress), forks, workers).run(plans, Mode.CHECK);
        return RunReport.of(summary, checkSections(summary, doctor));
    }

    /** The sections a check (so far) shows; also what an interrupted check prints. */
    public List<ReportSection> checkSections(RunSummary summary, boolean doctor) {
        List<ReportSection> sections = new ArrayList<>();
        sections.add(RolloutSection.of(summary));
        sections.add(PairSection.of(project.inventory(), summary));
        if (doctor) sections.add(DoctorSection.of(project.inventory(), summary));
        return sections;
    }

    public RunReport apply(List<HostPlan> plans, ApplyPolicy policy, RunSummary summary, EngineListener progress) {
        EngineListener events = both(summary, progress);
        if (policy.rollout()) {
            new Rollout(connector, events, forks, policy.serial(), policy.maxFail(), project.inventory(), plans).run();
        } else {
            reportRolloutOff(project.inventory(), plans, events);
            new Engine(connector, events, forks).run(plans, Mode.APPLY);
        }
        // The pairs judged as check judges them, once keepalived has had time to settle.
        List<String> touched = plans.stream().map(p -> p.host().name()).toList();
        return RunReport.of(summary, List.of(RolloutSection.of(summary), SettledPairs.after(project.inventory(), touched, connector, forks, workers, time)));
    }

    /** The sections an apply (so far) shows; also what an interrupted apply prints. */
    public List<ReportSection> applySections(RunSummary summary) {
        return List.of(RolloutSection.of(summary), PairSection.of(project.inventory(), summary));
    }

    /** Opting out is never silent: each pair with a member in the run says it was applied without a standby check. */
    private static void reportRolloutOff(Inventory inv, List<HostPlan> plans, EngineListener events) {
        Set<String> inRun = plans.stream().map(p -> p.host().name()).collect(Collectors.toSet());
        for (Pair pair : Pairs.all(inv).values()) {
            List<String> members = pair.nodes().stream().map(PairNode::host).filter(inRun::contains).toList();
            if (!members.isEmpty()) {
                events.on(new RolloutStep(pair.name(), RolloutStep.Kind.ROLLOUT_OFF, "rollout off (--no-rollout): " + String.join(" and ", members)
                        + " applied without a standby check", false));
            }
        }
    }

    /** The doctor: every selected pair member's evidence, judged by the rules. */
    public RunReport doctor(List<String> hosts, RunSummary summary, EngineListener progress) {
        Inventory inv = project.inventory();
        List<String> members = hosts.stream().filter(h -> Pairs.first(inv, h).isPresent()).toList();
        if (members.isEmpty()) {
            throw new io.hastate.core.model.InvalidInputException(io.hastate.core.model.Location.COMMAND_LINE, "hosts",
                    Pairs.all(inv).isEmpty() ? "the inventory has no pairs: the doctor examines pair members, so there is nothing to examine"
                            : "none of the " + hosts.size() + " selected host(s) is a node of a pair: the doctor examines pair members only");
        }
        List<HostPlan> plans = project.readOnly(members, h -> DoctorSection.observations(inv, h));
        new Engine(connector, both(summary, progress), forks, workers).run(plans, Mode.CHECK);
        return RunReport.of(summary, List.of(RolloutSection.of(summary), DoctorSection.of(inv, summary)));
    }

    /** What hastate reads about each host: system, network and keepalived. */
    public RunReport facts(List<String> hosts, RunSummary summary, EngineListener progress) {
        List<HostPlan> plans = project.readOnly(hosts, h -> FactsSection.FACTS);
        new Engine(connector, both(summary, progress), forks, workers).run(plans, Mode.CHECK);
        return RunReport.of(summary, List.of(RolloutSection.of(summary), FactsSection.of(summary)));
    }

    private static EngineListener both(RunSummary summary, EngineListener progress) {
        return event -> {
            summary.on(event);
            progress.on(event);
        };
    }
}
