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
import java.util.Optional;

/**
 * {@code service.running}: a systemd unit is active (and enabled or disabled when {@code enable} is
 * given). A {@code watch} reloads it when {@code reload: true} and the unit can reload, else restarts
 * it; a unit that this run starts needs neither.
 */
public final class ServiceRunning extends ServiceFunction {
    @Override public String function() { return "running"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.bool("enable"), ArgSpec.bool("reload").orElse(false));
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        ServiceState s = state(args, facts);
        String unit = ServiceState.unit(args.name());
        List<Change> changes = new ArrayList<>();
        if (!s.running()) changes.add(Change.of("running", s.active(), "active"));
        changes.addAll(enableChanges(args, s));
        if (!changes.isEmpty()) return Diff.of("", changes);
        return Diff.none(unit + " is running" + (args.has("enable") ? (args.bool("enable") ? " and enabled" : " and disabled") : ""));
    }

    static List<Change> enableChanges(Args args, ServiceState s) {
        if (!args.has("enable")) return List.of();
        boolean want = args.bool("enable");
        if (want && !s.enabled()) return List.of(Change.of("enabled", s.unitFileState(), "enabled"));
        if (!want && s.enabled()) return List.of(Change.of("enabled", s.unitFileState(), "disabled"));
        return List.of();
    }

    @Override
    public Optional<Diff> watch(Args args, FactValues facts, String trigger) {
        ServiceState s = state(args, facts);
        String unit = ServiceState.unit(args.name());
        if (!s.running()) return Optional.of(Diff.none("starting " + unit + " takes in the change"));
        String action = args.bool("reload") && s.canReload() ? "reload" : "restart";
        return Optional.of(Diff.of(trigger, Change.of(action, null, unit)));
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String unit = Shell.quote(ServiceState.unit(args.name()));
        if (diff.has("enabled")) {
            Commands.run(transport, "systemctl " + (args.bool("enable") ? "enable" : "disable") + " -- " + unit);
        }
        if (diff.has("running")) Commands.run(transport, "systemctl start -- " + unit);
        else if (diff.has("reload")) Commands.run(transport, "systemctl reload -- " + unit);
        else if (diff.has("restart")) Commands.run(transport, "systemctl restart -- " + unit);
        return "";
    }
}
