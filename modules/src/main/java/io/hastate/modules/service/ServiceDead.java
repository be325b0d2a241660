package io.hastate.modules.service;

import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.module.Commands;

import java.util.ArrayList;
import java.util.List;

/** {@code service.dead}: a systemd unit is stopped (and disabled or enabled when {@code enable} is given). */
public final class ServiceDead extends ServiceFunction {
    @Override public String function() { return "dead"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.bool("enable"));
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        ServiceState s = state(args, facts);
        List<Change> changes = new ArrayList<>();
        if (s.running()) changes.add(Change.of("running", s.active(), "inactive"));
        changes.addAll(ServiceRunning.enableChanges(args, s));
        return changes.isEmpty() ? Diff.none(ServiceState.unit(args.name()) + " is stopped") : Diff.of("", changes);
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String unit = Shell.quote(ServiceState.unit(args.name()));
        if (diff.has("running")) Commands.run(transport, "systemctl stop -- " + unit);
        if (diff.has("enabled")) Commands.run(transport, "systemctl " + (args.bool("enable") ? "enable" : "disable") + " -- " + unit);
        return "";
    }
}
