package com.example.hastate.line;

import io.hastate.spi.ApplyFailed;
import io.hastate.spi.Drift;
import io.hastate.spi.Fact;
import io.hastate.spi.Facts;
import io.hastate.spi.Host;
import io.hastate.spi.Result;
import io.hastate.spi.StateFunction;

import java.util.List;

import static io.hastate.spi.Shell.quote;

/**
 * {@code line.present}: the file {@code name} has the line {@code line}, added at its end when
 * missing (the file is created if need be). Nothing else in the file is touched.
 */
public final class LinePresent implements StateFunction<LinePresent.Line> {

    /** The arguments; the constructor's checks run when the state file is loaded, before any host is contacted. */
    public record Line(String name, String line) {
        public Line {
            if (!name.startsWith("/")) throw new IllegalArgumentException("name must be an absolute path");
            if (line == null || line.isEmpty() || line.indexOf('\n') >= 0) throw new IllegalArgumentException("line must be one non-empty line");
        }
    }

    /** Whether the file holds the line: "present", "missing" or "no file". */
    record Has(String name, String line) implements Fact<String> {
        @Override
        public String command() {
            return "if [ ! -e " + quote(name) + " ]; then echo 'no file'; elif grep -qxF -- " + quote(line) + " " + quote(name)
                    + "; then echo present; else echo missing; fi";
        }

        @Override
        public String parse(String stdout, int exitCode) {
            String v = stdout.strip();
            if (!List.of("present", "missing", "no file").contains(v)) throw new IllegalStateException("cannot read " + name + ": " + v);
            return v;
        }

        @Override
        public String reads() {
            return name;
        }
    }

    @Override public String name() { return "line.present"; }

    @Override public Class<Line> arguments() { return Line.class; }

    @Override
    public List<Fact<?>> facts(Line a) {
        return List.of(new Has(a.name(), a.line()));
    }

    @Override
    public Drift check(Line a, Facts facts) {
        String state = facts.get(new Has(a.name(), a.line()));
        if (state.equals("present")) return Drift.none(a.name() + " has the line");
        return Drift.of(Drift.change("line", null, a.line())).withNote(state.equals("no file") ? "creates " + a.name() : "");
    }

    @Override
    public void apply(Line a, Facts facts, Drift drift, Host host) throws ApplyFailed {
        Result r = host.run("printf '%s\\n' " + quote(a.line()) + " >> " + quote(a.name()));
        if (!r.ok()) throw new ApplyFailed("appending to " + a.name() + " failed: " + r.describe());
    }

    @Override
    public List<String> alters(Line a) {
        return List.of(a.name());
    }
}
