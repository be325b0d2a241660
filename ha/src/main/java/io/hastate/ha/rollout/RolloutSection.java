package io.hastate.ha.rollout;

import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunSummary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rollout's steps in a run's report: in order, each with its pair and whether it is a problem. */
public final class RolloutSection implements ReportSection {
    private final List<RolloutStep> steps;

    private RolloutSection(List<RolloutStep> steps) {
        this.steps = steps;
    }

    /** The steps the run's events carried (none for a run without a rollout: the JSON member is then empty). */
    public static RolloutSection of(RunSummary summary) {
        return new RolloutSection(steps(summary));
    }

    /** The rollout's steps among a run's events, in order. */
    public static List<RolloutStep> steps(RunSummary summary) {
        return summary.extensions().stream().filter(RolloutStep.class::isInstance).map(RolloutStep.class::cast).toList();
    }

    @Override
    public String name() {
        return "rollout";
    }

    @Override
    public String title() {
        return "ROLLOUT";
    }

    @Override
    public Object json() {
        return steps.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pair", s.pair());
            m.put("message", s.message());
            m.put("problem", s.problem());
            return m;
        }).toList();
    }

    @Override
    public List<String> lines() {
        return List.of();
    }

    @Override
    public Outcome outcome() {
        return steps.stream().anyMatch(RolloutStep::problem) ? Outcome.FAILED : Outcome.OK;
    }

    @Override
    public boolean stepwise() {
        return true;
    }

    @Override
    public List<Step> steps() {
        return steps.stream().map(s -> new Step(s.pair(), s.message(), s.problem())).toList();
    }
}
