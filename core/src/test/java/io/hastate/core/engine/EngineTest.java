package io.hastate.core.engine;

import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.Mode;

import io.hastate.core.graph.Compiler;
import io.hastate.core.graph.StateGraph;
import io.hastate.core.load.StateTree;
import io.hastate.core.model.Host;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.report.RunSummary;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.testing.KvFunction;
import io.hastate.core.testing.KvHost;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

class EngineTest {
    @TempDir
    Path dir;

    final Compiler compiler = new Compiler(new ModuleRegistry(List.of(new KvFunction())));
    final KvHost kv = new KvHost();
    final List<EngineEvent> events = new ArrayList<>();

    static Host host(String name) {
        return new Host(name, "127.0.0.1", 22, null, null, Host.Become.NONE, Host.Connection.SSH, Map.of(), Location.NONE);
    }

    HostPlan plan(String name, String yaml) {
        Fixtures.write(dir, name + ".yaml", yaml);
        StateGraph graph = compiler.compile(new StateTree(dir).load(List.of(name), Location.NONE), Map.of("secret", "hunter22"));
        return new HostPlan(host(name), graph, Set.of("hunter22"));
    }

    RunSummary run(Mode mode, Map<String, Transport> transports, HostPlan... plans) {
        RunSummary summary = new RunSummary();
        Engine engine = new Engine(h -> {
            Transport t = transports.get(h.name());
            if (t == null) throw new TransportException("connection refused");
            return t;
        }, e -> { events.add(e); summary.on(e); }, 4);
        engine.run(List.of(plans), mode);
        return summary;
    }

    RunSummary runOne(Mode mode, Transport t, String yaml) {
        return run(mode, Map.of("h", t), plan("h", yaml));
    }

    static Map<String, Status> statuses(RunSummary s) {
        Map<String, Status> out = new HashMap<>();
        for (StateResult r : s.hosts().get(0).results()) out.put(r.state().id(), r.status());
        return out;
    }

    static StateResult result(RunSummary s, String id) {
        return s.hosts().get(0).results().stream().filter(r -> r.state().id().equals(id)).findFirst().orElseThrow();
    }

    static final String TWO = "a: {kv.set: {value: '1'}}\nb: {kv.set: {value: '2'}}\n";

    @Test
    void checkReportsWouldChangeAndUnchangedWithReasons() {
        kv.values.put("a", "1");
        RunSummary s = runOne(Mode.CHECK, kv.transport(), TWO);
        assertEquals(Map.of("a", Status.UNCHANGED, "b", Status.WOULD_CHANGE), statuses(s));
        assertEquals("a is already 1", result(s, "a").comment());
        assertEquals("b", result(s, "b").changes().get(0).key());
        assertEquals(null, result(s, "b").changes().get(0).before());
        assertEquals("2", result(s, "b").changes().get(0).after());
        assertEquals(ExitCodes.DRIFT, ExitCodes.of(s));
        assertEquals(Map.of("a", "1"), kv.values, "check mode changed nothing");
    }

    @Test
    void checkGathersAllFactsInOneRoundTrip() {
        FakeTransport t = kv.transport();
        RunSummary s = runOne(Mode.CHECK, t, TWO + "c: {kv.set: {value: '3'}}\n");
        assertEquals(1, t.roundTrips());
        assertEquals(1, s.hosts().get(0).factRoundTrips());
        assertEquals(List.of("get a", "get b", "get c"), t.commands());
        assertTrue(t.closed());
    }

    @Test
    void checkModeNeverRunsAMutatingCommand() throws Exception {
        Transport t = spy(kv.transport());
        runOne(Mode.CHECK, t, TWO);
        verify(t, never()).run(anyString(), any());
        verify(t, never()).writeFile(anyString(), any(), any());
    }

    @Test
    void applyChangesVerifiesAndIsIdempotent() {
        RunSummary first = runOne(Mode.APPLY, kv.transport(), TWO);
        assertEquals(Map.of("a", Status.CHANGED, "b", Status.CHANGED), statuses(first));
        assertEquals(Map.of("a", "1", "b", "2"), kv.values);
        assertEquals(ExitCodes.OK, ExitCodes.of(first));
        RunSummary second = runOne(Mode.APPLY, kv.transport(), TWO);
        assertEquals(Map.of("a", Status.UNCHANGED, "b", Status.UNCHANGED), statuses(second));
    }

    @Test
    void applyReReadsFactsAfterAChange() {
        FakeTransport t = kv.transport();
        runOne(Mode.APPLY, t, TWO);
        // gather all, set a, re-read a (to verify) and b (next) together, set b, verify b
        assertEquals(List.of("get a", "get b", "set a 1", "get a", "get b", "set b 2", "get b"), t.commands());
        assertEquals(5, t.roundTrips(), "one read after each change serves the verify and the next state");
    }

    @Test
    void aChangeThatDeclaresItsEffectsKeepsTheOtherFacts() {
        FakeTransport t = kv.transport();
        runOne(Mode.APPLY, t, "a: {kv.set: {value: '1', isolated: true}}\nb: {kv.set: {value: '2'}}\n");
        assertEquals(List.of("get a", "get b", "set a 1", "get a", "set b 2", "get b"), t.commands());
        assertEquals(Map.of("a", "1", "b", "2"), kv.values);
    }

    @Test
    void verificationFailureIsReportedWithTheKey() {
        kv.ignoreSet.add("a");
        RunSummary s = runOne(Mode.APPLY, kv.transport(), TWO);
        StateResult a = result(s, "a");
        assertEquals(Status.FAILED, a.status());
        assertEquals("verify after apply: a is null, wanted 1", a.comment());
        assertEquals(ExitCodes.FAILED, ExitCodes.of(s));
    }

    @Test
    void applyFailureSkipsDependentsAndRunsOnfail() {
        kv.failSet.add("a");
        RunSummary s = runOne(Mode.APPLY, kv.transport(), """
                a: {kv.set: {value: '1'}}
                b: {kv.set: {value: '2', require: [a]}}
                c: {kv.set: {value: '3', onfail: [a]}}
                d: {kv.set: {value: '4'}}
                """);
        assertEquals(Map.of("a", Status.FAILED, "b", Status.SKIPPED, "c", Status.CHANGED, "d", Status.CHANGED), statuses(s));
        assertTrue(result(s, "a").comment().contains("read-only key"), result(s, "a").comment());
        assertEquals("requisite kv: a failed", result(s, "b").comment());
        assertEquals(ExitCodes.FAILED, ExitCodes.of(s));
    }

    @Test
    void watchAddsTheWatchActionOnlyWhenTheTargetChanged() {
        String yaml = "conf: {kv.set: {value: new}}\nsvc: {kv.set: {value: up, restartable: true, watch: [conf]}}\n";
        kv.values.put("svc", "up");
        RunSummary s = runOne(Mode.CHECK, kv.transport(), yaml);
        StateResult svc = result(s, "svc");
        assertEquals(Status.WOULD_CHANGE, svc.status());
        assertEquals("restart", svc.changes().get(0).key());
        assertEquals("watched kv: conf changed", svc.comment());

        FakeTransport t = kv.transport();
        runOne(Mode.APPLY, t, yaml);
        assertTrue(t.commands().contains("restart svc"), t.commands().toString());
        FakeTransport again = kv.transport();
        RunSummary s2 = runOne(Mode.APPLY, again, yaml);
        assertEquals(Status.UNCHANGED, result(s2, "svc").status());
        assertFalse(again.commands().contains("restart svc"));
    }

    @Test
    void onchangesRunsOnlyAfterAChange() {
        kv.values.put("a", "1");
        RunSummary s = runOne(Mode.CHECK, kv.transport(), "a: {kv.set: {value: '1'}}\nb: {kv.set: {value: '2', onchanges: [a]}}\n");
        assertEquals(Status.UNCHANGED, result(s, "b").status());
        assertEquals("not run: none of the onchanges requisites changed", result(s, "b").comment());
        assertEquals(ExitCodes.OK, ExitCodes.of(s));
    }

    @Test
    void showChangesFalseHidesValues() {
        RunSummary s = runOne(Mode.CHECK, kv.transport(), "a: {kv.set: {value: '1', show_changes: false}}\n");
        assertEquals(Status.WOULD_CHANGE, result(s, "a").status());
        assertEquals("(hidden)", result(s, "a").changes().get(0).after());
    }

    @Test
    void anUnreadableFactFailsOnlyTheStatesThatNeedIt() {
        kv.values.put("broken", KvHost.UNREADABLE);
        RunSummary s = runOne(Mode.CHECK, kv.transport(), "broken: {kv.set: {value: '1'}}\nb: {kv.set: {value: '2'}}\n");
        assertEquals(Map.of("broken", Status.FAILED, "b", Status.WOULD_CHANGE), statuses(s));
        assertTrue(result(s, "broken").comment().contains("cannot parse"), result(s, "broken").comment());
    }

    @Test
    void anInactiveStateReadsNoFactsAndReportsWhy() {
        FakeTransport t = kv.transport();
        RunSummary s = runOne(Mode.APPLY, t, "a: {kv.set: {value: '1', when: 'false'}}\nb: {kv.set: {value: '2', require: [a]}}\n");
        assertEquals(Map.of("a", Status.UNCHANGED, "b", Status.CHANGED), statuses(s));
        assertEquals("not applicable: when 'false' is false", result(s, "a").comment());
        assertFalse(t.commands().contains("get a"));
    }

    @Test
    void secretsAreMaskedInResults() {
        RunSummary s = runOne(Mode.CHECK, kv.transport(), "a: {kv.set: {value: 'pw={{secret}}'}}\n");
        assertEquals("pw=********", result(s, "a").changes().get(0).after());
    }

    @Test
    void unreachableHostIsReportedAndOthersComplete() {
        RunSummary s = run(Mode.APPLY, Map.of("up", kv.transport()), plan("up", TWO), plan("down", TWO));
        RunSummary.HostSummary down = s.hosts().stream().filter(h -> h.name().equals("down")).findFirst().orElseThrow();
        RunSummary.HostSummary up = s.hosts().stream().filter(h -> h.name().equals("up")).findFirst().orElseThrow();
        assertEquals("connection refused", down.unreachable());
        assertEquals(2, up.counts().get(Status.CHANGED));
        assertEquals(ExitCodes.FAILED, ExitCodes.of(s));
    }

    @Test
    void connectionLostMidRunMarksTheHostUnreachable() {
        RunSummary s = runOne(Mode.APPLY, new DropAfter(kv.transport(), "set a 1"), TWO);
        RunSummary.HostSummary h = s.hosts().get(0);
        assertTrue(h.unreachable().contains("connection lost"), h.unreachable());
        assertEquals(ExitCodes.FAILED, ExitCodes.of(s));
    }

    /** Lets commands through until {@code trigger} has run, then fails every call like a dead connection. */
    static final class DropAfter implements Transport {
        private final Transport inner;
        private final String trigger;
        private boolean dropped;

        DropAfter(Transport inner, String trigger) {
            this.inner = inner;
            this.trigger = trigger;
        }

        @Override
        public io.hastate.core.transport.CommandResult run(String command, byte[] stdin) throws TransportException {
            if (dropped) throw new TransportException("connection reset");
            var r = inner.run(command, stdin);
            if (command.equals(trigger)) dropped = true;
            return r;
        }

        @Override
        public List<io.hastate.core.transport.CommandResult> runBatch(List<String> commands) throws TransportException {
            if (dropped) throw new TransportException("connection reset");
            return inner.runBatch(commands);
        }

        @Override
        public Held hold(String command, java.time.Duration within) throws TransportException {
            return inner.hold(command, within);
        }

        @Override
        public void close() {}
    }

    @Test
    void eventsArriveInOrderPerHost() {
        run(Mode.CHECK, Map.of("h", kv.transport()), plan("h", TWO));
        assertTrue(events.get(0) instanceof EngineEvent.RunStarted);
        assertTrue(events.get(1) instanceof EngineEvent.HostStarted);
        assertTrue(events.get(2) instanceof EngineEvent.StateFinished);
        assertTrue(events.get(3) instanceof EngineEvent.StateFinished);
        assertTrue(events.get(4) instanceof EngineEvent.HostFinished);
        assertTrue(events.get(5) instanceof EngineEvent.RunFinished);
    }

    @Test
    void aStateIsOfferedTheLaterStatesOfItsFunctionThatWillRunWhateverHappens() {
        KvFunction fn = new KvFunction();
        Compiler own = new Compiler(new ModuleRegistry(List.of(fn)));
        Fixtures.write(dir, "agg.yaml", "a: {kv.set: {value: '1'}}\nb: {kv.set: {value: '2'}}\n"
                + "c: {kv.set: {value: '3', require: [{kv: a}]}}\nd: {kv.set: {value: '4'}}\ne: {kv.set: {value: '5', when: 'false'}}\n");
        StateGraph graph = own.compile(new StateTree(dir).load(List.of("agg"), Location.NONE), Map.of());
        run(Mode.APPLY, Map.of("agg", kv.transport()), new HostPlan(host("agg"), graph, Set.of()));
        assertEquals(List.of(), fn.offeredLater.get("a"), "a is c's requisite: what it does decides c, so it does only its own");
        assertEquals(List.of("d"), fn.offeredLater.get("b"), "c waits on a requisite and e does not run: only d is offered");
        assertEquals(List.of(), fn.offeredLater.get("c"), "a state with a requisite is offered nothing");
        assertEquals(List.of(), fn.offeredLater.get("d"));
    }
}
