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
        Diff diff = !s.running() ? Diff.none("") : Diff.of("", Change.of("running", s.active(), "inactive")).with(new Stop());
        diff = diff.plus(ServiceRunning.enabling(args, s));
        return diff.isEmpty() ? Diff.none(ServiceState.unit(args.name()) + " is stopped") : diff;
    }

    /** apply stops the unit. */
    record Stop() implements Diff.Action {}

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String unit = Shell.quote(ServiceState.unit(args.name()));
        if (diff.decided(Stop.class)) Commands.run(transport, "systemctl stop -- " + unit);
        ServiceRunning.enableAsDecided(diff, transport, unit);
        return "";
    }
}
