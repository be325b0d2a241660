package io.hastate.modules.service;

import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.RestartsService;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.module.Commands;

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
        Diff diff = s.running() ? Diff.none("") : Diff.of("", Change.of("running", s.active(), "active")).with(new Start());
        diff = diff.plus(enabling(args, s));
        if (!diff.isEmpty()) return diff;
        return Diff.none(unit + " is running" + (args.has("enable") ? (args.bool("enable") ? " and enabled" : " and disabled") : ""));
    }

    /** apply starts the unit. */
    record Start() implements Diff.Action {}

    /** apply reloads the unit (a watched change it can take without a restart). */
    record Reload() implements Diff.Action {}

    /** apply enables ({@code true}) or disables the unit. */
    record SetEnabled(boolean enabled) implements Diff.Action {}

    /** Enables or disables {@code unit} (quoted) when check decided so. */
    static void enableAsDecided(Diff diff, Transport transport, String unit) throws ApplyException, TransportException {
        java.util.Optional<SetEnabled> enabling = diff.optional(SetEnabled.class);
        if (enabling.isPresent()) Commands.run(transport, "systemctl " + (enabling.get().enabled() ? "enable" : "disable") + " -- " + unit);
    }

    static Diff enabling(Args args, ServiceState s) {
        if (!args.has("enable")) return Diff.none("");
        boolean want = args.bool("enable");
        if (want == s.enabled()) return Diff.none("");
        return Diff.of("", Change.of("enabled", s.unitFileState(), want ? "enabled" : "disabled")).with(new SetEnabled(want));
    }

    @Override
    public Optional<Diff> watch(Args args, FactValues facts, String trigger) {
        ServiceState s = state(args, facts);
        String unit = ServiceState.unit(args.name());
        if (!s.running()) return Optional.of(Diff.none("starting " + unit + " takes in the change"));
        if (args.bool("reload") && s.canReload()) return Optional.of(Diff.of(trigger, Change.of("reload", null, unit)).with(new Reload()));
        return Optional.of(Diff.of(trigger, Change.of("restart", null, unit)).with(new RestartsService(unit)));
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String unit = Shell.quote(ServiceState.unit(args.name()));
        enableAsDecided(diff, transport, unit);
        if (diff.decided(Start.class)) Commands.run(transport, "systemctl start -- " + unit);
        else if (diff.decided(Reload.class)) Commands.run(transport, "systemctl reload -- " + unit);
        else if (diff.decided(RestartsService.class)) Commands.run(transport, "systemctl restart -- " + unit);
        return "";
    }
}
