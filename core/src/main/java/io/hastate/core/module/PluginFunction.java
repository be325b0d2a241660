package io.hastate.core.module;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Scope;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.RestartsService;
import io.hastate.core.model.UpgradesPackage;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.spi.ApplyFailed;
import io.hastate.spi.Drift;

import java.util.List;

/** A plugin's {@link io.hastate.spi.StateFunction} as the engine runs it. */
final class PluginFunction<A extends Record> implements StateFunction {

    /** The drift check returned, handed back to the plugin's apply as it was. */
    private record Decided(Drift drift) implements Diff.Action {}

    private final io.hastate.spi.StateFunction<A> plugin;
    private final String module;
    private final String function;
    private final List<ArgSpec> args;

    PluginFunction(io.hastate.spi.StateFunction<A> plugin) {
        this.plugin = plugin;
        String name = plugin.name();
        int dot = name == null ? -1 : name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1 || name.indexOf('.', dot + 1) >= 0) {
            throw new IllegalStateException(plugin.getClass().getName() + ": name '" + name + "' must be module.function, e.g. line.present");
        }
        this.module = name.substring(0, dot);
        this.function = name.substring(dot + 1);
        Class<A> type = plugin.arguments();
        if (type == null) throw new IllegalStateException(name + ": arguments() must name its record");
        this.args = PluginArgs.of(type, name);
    }

    /** Where the plugin's class came from, for messages. */
    Class<?> pluginClass() {
        return plugin.getClass();
    }

    @Override public String module() { return module; }

    @Override public String function() { return function; }

    @Override public List<ArgSpec> args() { return args; }

    @Override public Class<? extends Record> argsType() { return plugin.arguments(); }

    private A bind(Args values) {
        return values.bind(plugin.arguments());
    }

    @Override
    public List<Fact<?>> facts(Args values) {
        return plugin.facts(bind(values)).stream().<Fact<?>>map(PluginFacts::of).toList();
    }

    @Override
    public Diff check(Args values, FactValues facts) {
        Drift drift = plugin.check(bind(values), PluginFacts.view(facts));
        if (drift.isEmpty()) return Diff.none(drift.note());
        Diff diff = Diff.of(drift.note(), drift.changes().stream().map(c -> Change.of(c.key(), c.before(), c.after())).toList());
        for (String unit : drift.restartedUnits()) diff = diff.with(new RestartsService(unit));
        for (Drift.Upgrade u : drift.upgrades()) diff = diff.with(new UpgradesPackage(u.pkg(), u.from(), u.to()));
        return diff.with(new Decided(drift));
    }

    @Override
    public String apply(Args values, Diff diff, Transport transport) {
        throw new IllegalStateException(qualifiedName() + " is applied with the facts it decided on");
    }

    @Override
    public String apply(Args values, FactValues facts, Diff diff, Transport transport) throws ApplyException, TransportException {
        try {
            plugin.apply(bind(values), PluginFacts.view(facts), diff.action(Decided.class).drift(), new PluginHost(transport));
            return "";
        } catch (ApplyFailed e) {
            throw new ApplyException(e.getMessage());
        } catch (PluginHost.Lost e) {
            throw e.cause;
        }
    }

    @Override
    public List<Scope> changes(Args values) {
        List<String> paths = plugin.alters(bind(values));
        return paths.isEmpty() ? List.of(Scope.everything()) : paths.stream().map(Scope::path).toList();
    }
}
