package io.hastate.core.module;

import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Scope;
import io.hastate.core.model.Diff;
import io.hastate.core.model.RestartsService;
import io.hastate.core.model.UpgradesPackage;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.TransportException;
import io.hastate.spi.ApplyFailed;
import io.hastate.spi.Arg;
import io.hastate.spi.Drift;
import io.hastate.spi.Fact;
import io.hastate.spi.Facts;
import io.hastate.spi.Host;
import io.hastate.spi.Result;
import io.hastate.spi.StateFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A function written against the plugin SPI, as the engine sees and runs it. */
@Timeout(10)
class PluginFunctionTest {

    /** {@code demo.unit}: a unit has its version; an upgrade restarts it. */
    static final class Unit implements StateFunction<Unit.Wanted> {
        record Wanted(String name, String version, @Arg(optional = true) Integer retries, @Arg(secret = true) String token) {}

        record Version(String unit) implements Fact<String> {
            public String command() { return "version " + unit; }
            public String parse(String out, int rc) { return out.strip(); }
            public String reads() { return "/opt/" + unit; }
        }

        final List<Drift> applied = new ArrayList<>();
        String failWith;

        public String name() { return "demo.unit"; }
        public Class<Wanted> arguments() { return Wanted.class; }
        public List<Fact<?>> facts(Wanted w) { return List.of(new Version(w.name())); }

        public Drift check(Wanted w, Facts facts) {
            String now = facts.get(new Version(w.name()));
            if (now.equals(w.version())) return Drift.none("at " + now);
            return Drift.of(Drift.change("version", now, w.version())).withNote("upgrade").upgrades(w.name(), now, w.version()).restarts(w.name() + ".service");
        }

        public void apply(Wanted w, Facts facts, Drift drift, Host host) throws ApplyFailed {
            applied.add(drift);
            Result r = host.run("install " + w.name() + " " + w.version());
            if (!r.ok() || failWith != null) throw new ApplyFailed(failWith != null ? failWith : "install failed: " + r.describe());
        }

        public List<String> alters(Wanted w) { return List.of("/opt/" + w.name()); }
    }

    private final Unit plugin = new Unit();
    private final PluginFunction<Unit.Wanted> function = new PluginFunction<>(plugin);
    private final Args args = Args.of("name", "web", "version", "2", "token", "s3cret");

    private FactValues factsSaying(String version) {
        io.hastate.core.facts.Fact<?> fact = function.facts(args).get(0);
        return new FactValues(Map.of(fact.key(), fact.parse(version + "\n", 0)));
    }

    @Test
    void argumentsComeFromTheRecordNameAside() {
        assertEquals("demo", function.module());
        assertEquals("unit", function.function());
        Map<String, ArgSpec> specs = new java.util.LinkedHashMap<>();
        for (ArgSpec s : function.args()) specs.put(s.name(), s);
        assertEquals(List.of("version", "retries", "token"), List.copyOf(specs.keySet()));
        assertTrue(specs.get("version").required());
        assertFalse(specs.get("retries").required());
        assertEquals(ArgType.INT, specs.get("retries").type());
        assertTrue(specs.get("token").secret());
        assertFalse(specs.get("version").secret());
    }

    @Test
    void aFactIsKeyedByItsTypeAndComponentsAndReadsWhatItSays() {
        io.hastate.core.facts.Fact<?> fact = function.facts(args).get(0);
        assertEquals(Unit.Version.class.getName() + "[unit=web]", fact.key());
        assertEquals("version web", fact.command());
        assertEquals(Scope.path("/opt/web"), fact.reads());
        assertEquals(List.of("Version[unit=web]", "Version"), PluginFacts.caseNames(fact.key()));
        assertEquals(List.of(), PluginFacts.caseNames("line:/etc/motd:x"), "a built-in key is not a plugin's");
    }

    @Test
    void checkTurnsTheDriftIntoChangesAndHastatesOwnActions() {
        assertTrue(function.check(args, factsSaying("2")).isEmpty());
        assertEquals("at 2", function.check(args, factsSaying("2")).comment());

        Diff diff = function.check(args, factsSaying("1"));
        assertEquals("version", diff.changes().get(0).key());
        assertEquals("1", diff.changes().get(0).before());
        assertEquals("2", diff.changes().get(0).after());
        assertEquals("upgrade", diff.comment());
        assertEquals(new RestartsService("web.service"), diff.action(RestartsService.class));
        assertEquals(new UpgradesPackage("web", "1", "2"), diff.action(UpgradesPackage.class));
    }

    @Test
    void applyGetsTheDriftCheckDecidedAndRunsOnTheTransport() throws Exception {
        FactValues facts = factsSaying("1");
        Diff diff = function.check(args, facts);
        FakeTransport host = new FakeTransport().reply("install web 2", "");
        assertEquals("", function.apply(args, facts, diff, host));
        assertEquals(List.of("install web 2"), host.commands());
        assertEquals(1, plugin.applied.size());
        assertEquals(List.of("web.service"), plugin.applied.get(0).restartedUnits());
        assertEquals(List.of(Scope.path("/opt/web")), function.changes(args));
    }

    @Test
    void aRefusalIsAnApplyErrorAndALostConnectionStaysOne() {
        FactValues facts = factsSaying("1");
        Diff diff = function.check(args, facts);
        ApplyException refused = assertThrows(ApplyException.class,
                () -> function.apply(args, facts, diff, new FakeTransport().reply("install web 2", CommandResult.of(1, "", "disk full"))));
        assertEquals("install failed: exit 1: disk full", refused.getMessage());

        FakeTransport lost = new FakeTransport();
        lost.dropConnection("connection reset");
        TransportException e = assertThrows(TransportException.class, () -> function.apply(args, facts, diff, lost));
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
    }

    /** A function whose name or arguments hastate cannot use. */
    static final class Broken implements StateFunction<Broken.Odd> {
        record Odd(String name, java.time.Duration every) {}

        final String name;

        Broken(String name) { this.name = name; }

        public String name() { return name; }
        public Class<Odd> arguments() { return Odd.class; }
        public List<Fact<?>> facts(Odd o) { return List.of(); }
        public Drift check(Odd o, Facts f) { return Drift.none(""); }
        public void apply(Odd o, Facts f, Drift d, Host h) {}
    }

    @Test
    void aNameWithoutModuleOrAnArgumentOfAnUnknownTypeIsRefusedByName() {
        IllegalStateException noModule = assertThrows(IllegalStateException.class, () -> new PluginFunction<>(new Broken("touch")));
        assertTrue(noModule.getMessage().contains("name 'touch' must be module.function"), noModule.getMessage());
        IllegalStateException odd = assertThrows(IllegalStateException.class, () -> new PluginFunction<>(new Broken("demo.odd")));
        assertTrue(odd.getMessage().contains("demo.odd: argument 'every' is a Duration"), odd.getMessage());
    }

    @Test
    void aFactThatIsNotARecordIsRefused() {
        Fact<String> anonymous = new Fact<>() {
            public String command() { return "true"; }
            public String parse(String out, int rc) { return out; }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PluginFacts.key(anonymous));
        assertTrue(e.getMessage().contains("must be a record"), e.getMessage());
    }

    record Uptime() implements Fact<String> {
        public String command() { return "cat /proc/uptime"; }
        public String parse(String out, int rc) { return out; }
    }

    @Test
    void aFactThatDoesNotSayWhatItReadsReadsEverything() {
        assertSame(Scope.everything(), PluginFacts.of(new Uptime()).reads());
        assertEquals(Uptime.class.getName() + "[]", PluginFacts.key(new Uptime()));
    }
}
