package io.hastate.modules.cmd;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cmd.run}: runs {@code name} as a shell command, unless a guard says it is not needed:
 * {@code creates} (a path that exists), {@code unless} (a command that succeeds) or {@code onlyif}
 * (a command that fails). Guards are read-only facts, so check mode runs them but never the command.
 */
public final class CmdRun implements StateFunction {
    @Override public String module() { return "cmd"; }

    @Override public String function() { return "run"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.string("cwd"), ArgSpec.string("creates"), ArgSpec.string("unless"), ArgSpec.string("onlyif"));
    }

    @Override
    public void validate(Args args) {
        if (args.name().isBlank()) throw new IllegalArgumentException("name (the command) must not be empty");
        if (args.has("cwd") && !args.string("cwd").startsWith("/")) throw new IllegalArgumentException("cwd must be an absolute path");
        if (args.has("creates") && !args.string("creates").startsWith("/")) throw new IllegalArgumentException("creates must be an absolute path");
    }

    private static Fact<Integer> exitOf(String label, String command) {
        return new Fact<>("cmd-guard:" + label + ":" + command, command + " >/dev/null 2>&1; echo $?",
                (out, rc) -> Integer.parseInt(out.strip()));
    }

    private static Fact<Integer> creates(Args a) { return exitOf("creates", "test -e " + Shell.quote(a.string("creates"))); }

    private static Fact<Integer> unless(Args a) { return exitOf("unless", a.string("unless")); }

    private static Fact<Integer> onlyif(Args a) { return exitOf("onlyif", a.string("onlyif")); }

    @Override
    public List<Fact<?>> facts(Args args) {
        List<Fact<?>> out = new ArrayList<>();
        if (args.has("creates")) out.add(creates(args));
        if (args.has("unless")) out.add(unless(args));
        if (args.has("onlyif")) out.add(onlyif(args));
        return out;
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        if (args.has("creates") && facts.get(creates(args)) == 0) return Diff.none(args.string("creates") + " exists");
        if (args.has("unless") && facts.get(unless(args)) == 0) return Diff.none("unless command succeeded: " + args.string("unless"));
        if (args.has("onlyif") && facts.get(onlyif(args)) != 0) return Diff.none("onlyif command failed: " + args.string("onlyif"));
        return Diff.of("", Change.of("command", null, args.name()));
    }

    @Override
    public Optional<Diff> watch(Args args, FactValues facts, String trigger) {
        return Optional.of(Diff.of(trigger, Change.of("command", null, args.name())));
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String command = args.has("cwd") ? "cd " + Shell.quote(args.string("cwd")) + " && " + args.name() : args.name();
        CommandResult r = transport.run(command);
        if (!r.ok()) throw new ApplyException("command failed, " + r.describe());
        String out = r.stdoutText().strip();
        int lastLine = out.lastIndexOf('\n');
        return out.isEmpty() ? "" : "output: " + (lastLine >= 0 ? out.substring(lastLine + 1) : out);
    }

    /** A guarded command must leave its guard satisfied; an unguarded one has nothing to verify. */
    @Override
    public boolean verifiable(Args args) {
        return args.has("creates") || args.has("unless") || args.has("onlyif");
    }
}
