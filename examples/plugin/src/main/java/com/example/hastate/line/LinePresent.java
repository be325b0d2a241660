package com.example.hastate.line;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Scope;
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

import java.util.List;

/**
 * {@code line.present}: the file {@code name} has the line {@code line}, added at its end when
 * missing (the file is created if need be). Nothing else in the file is touched.
 */
public final class LinePresent implements StateFunction {
    @Override public String module() { return "line"; }

    @Override public String function() { return "present"; }

    /** The arguments, typed; hastate binds them when the state file is loaded, so these checks run before any host is contacted. */
    public record Line(String name, String line) {
        public Line {
            if (!name.startsWith("/")) throw new IllegalArgumentException("name must be an absolute path");
            if (line == null || line.isEmpty() || line.indexOf('\n') >= 0) throw new IllegalArgumentException("line must be one non-empty line");
        }
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.string("line").mandatory());
    }

    @Override
    public Class<? extends Record> argsType() {
        return Line.class;
    }

    /** Whether the file holds the line: "present", "missing" or "no file". */
    static Fact<String> has(Args args) {
        Line a = args.bind(Line.class);
        String path = Shell.quote(a.name());
        return new Fact<>("line:" + a.name() + ":" + a.line(),
                "if [ ! -e " + path + " ]; then echo 'no file'; elif grep -qxF -- " + Shell.quote(a.line()) + " " + path
                        + "; then echo present; else echo missing; fi",
                (out, rc) -> {
                    String v = out.strip();
                    if (!List.of("present", "missing", "no file").contains(v)) throw new IllegalStateException("cannot read " + a.name() + ": " + v);
                    return v;
                }, Scope.path(a.name()));
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        return List.of(has(args));
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        Line a = args.bind(Line.class);
        String state = facts.get(has(args));
        if (state.equals("present")) return Diff.none(a.name() + " has the line");
        return Diff.of(state.equals("no file") ? "creates " + a.name() : "", Change.of("line", null, a.line()));
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        Line a = args.bind(Line.class);
        CommandResult r = transport.run("printf '%s\\n' " + Shell.quote(a.line()) + " >> " + Shell.quote(a.name()));
        if (!r.ok()) throw new ApplyException("appending to " + a.name() + " failed: " + r.describe());
        return "";
    }

    @Override
    public List<Scope> changes(Args args) {
        return List.of(Scope.path(args.name()));
    }
}
