package io.hastate.core.testing;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.Scope;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.util.List;
import java.util.Optional;

/**
 * {@code kv.set}: a key in a {@link KvHost} has a value. The smallest real state function, for engine
 * tests: a fact ({@code get KEY}), a pure check, an apply ({@code set KEY VALUE}) and a watch action.
 */
public final class KvFunction implements StateFunction {
    private final String module;
    /** For each applied key, the keys of the later states the engine offered it (in order). */
    public final java.util.Map<String, List<String>> offeredLater = new java.util.concurrent.ConcurrentHashMap<>();

    public KvFunction() {
        this("kv");
    }

    /** The same function under another module's name, e.g. {@code keepalived} for rollout tests. */
    public KvFunction(String module) {
        this.module = module;
    }

    @Override public String module() { return module; }

    @Override public String function() { return "set"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.string("value").mandatory(),
                ArgSpec.integer("port").must((Long p) -> p >= 1 && p <= 65535, "a port 1-65535"),
                ArgSpec.string("password").must((String p) -> !p.contains(" "), "without spaces").asSecret(),
                ArgSpec.bool("restartable").orElse(false),
                ArgSpec.bool("isolated").orElse(false));
    }

    public static Fact<String> fact(String key) {
        return new Fact<>("kv:" + key, "get " + key, (out, rc) -> {
            if (out.startsWith(KvHost.UNREADABLE)) throw new IllegalStateException("cannot parse value of " + key);
            return rc == 0 ? out : null;
        }, Scope.key("kv", key));
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        return List.of(fact(args.name()));
    }

    /** An isolated key changes nothing but itself; any other may change every key (a command could). */
    @Override
    public List<Scope> changes(Args args) {
        return List.of(args.bool("isolated") ? Scope.key("kv", args.name()) : Scope.everything());
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        String current = facts.get(fact(args.name()));
        String wanted = args.string("value");
        if (wanted.equals(current)) return Diff.none(args.name() + " is already " + wanted);
        return Diff.of("", Change.of(args.name(), current, wanted));
    }

    @Override
    public String apply(Args args, FactValues facts, Diff diff, io.hastate.core.transport.Transport transport, List<Args> later)
            throws io.hastate.core.module.ApplyException, io.hastate.core.transport.TransportException {
        offeredLater.put(args.name(), later.stream().map(Args::name).toList());
        return apply(args, facts, diff, transport);
    }

    @Override
    public Optional<Diff> watch(Args args, FactValues facts, String trigger) {
        if (!args.bool("restartable")) return Optional.empty();
        return Optional.of(Diff.of(trigger, Change.of("restart", null, args.name())));
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        if (diff.has(args.name())) {
            CommandResult r = transport.run("set " + args.name() + " " + args.string("value"));
            if (!r.ok()) throw new ApplyException("set failed: " + r.describe());
        }
        if (diff.has("restart")) transport.run("restart " + args.name());
        return "";
    }
}
