package io.hastate.ha.rollout;

import io.hastate.core.run.EngineEvent;

/**
 * Before a rollout starts: the order it will take a pair in, as the VIPs lie now. Said on the run's
 * progress (so a CI log shows it); the report has the same as the pair's first step.
 */
public record RolloutOrder(String pair, String order) implements EngineEvent.Extension {
    @Override
    public String subject() {
        return pair;
    }

    @Override
    public String message() {
        return order;
    }

    @Override
    public boolean problem() {
        return false;
    }

    @Override
    public String line() {
        return "rollout order, " + pair + ": " + order;
    }
}
