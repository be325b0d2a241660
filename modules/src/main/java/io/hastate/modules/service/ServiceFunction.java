package io.hastate.modules.service;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;

import java.util.List;

/** A service function: decided by the systemd unit's load, active and enablement state. */
abstract class ServiceFunction implements StateFunction {
    @Override public final String module() { return "service"; }

    @Override
    public final void validate(Args args) {
        ServiceArgs.validate(args);
    }

    @Override
    public final List<Fact<?>> facts(Args args) {
        return List.of(ServiceState.fact(args.name()));
    }

    static ServiceState state(Args args, FactValues facts) {
        return facts.get(ServiceState.fact(args.name()));
    }
}
