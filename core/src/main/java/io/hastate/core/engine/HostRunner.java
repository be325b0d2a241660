package io.hastate.core.engine;

import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.Mode;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.FactValues;
import io.hastate.core.graph.CompiledState;
import io.hastate.core.graph.StateGraph;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.Args;
import io.hastate.core.module.NotYetKnown;
import io.hastate.core.module.StateSkipped;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs one host's graph in order: decide requisites, check, and in apply mode carry out the Diff and
 * verify it. Check and apply share this one path; only apply mode goes past {@code check()}.
 */
final class HostRunner {
    private static final Logger log = LoggerFactory.getLogger(HostRunner.class);

    private final HostPlan plan;
    private final Mode mode;
    private final Transport transport;
    private final FactCache facts;
    private final Masker masker;
    private final Consumer<StateResult> onResult;

    HostRunner(HostPlan plan, Mode mode, Transport transport, Consumer<StateResult> onResult) {
        this.plan = plan;
        this.mode = mode;
        this.transport = transport;
        this.facts = new FactCache(transport);
        this.masker = new Masker(plan.secrets());
        this.onResult = onResult;
    }

    int factRoundTrips() {
        return facts.roundTrips();
    }

    /** The observation facts, read with the states' facts or, after changes, once more at the end. */
    Map<String, Object> observations() throws TransportException {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        FactValues values = facts.view(plan.observations());
        for (Fact<?> f : plan.observations()) {
            try {
                out.put(f.key(), values.get(f));
            } catch (IllegalStateException e) {
                log.debug("observation {} unreadable: {}", f.key(), e.getMessage());
            }
        }
        return out;
    }

    /** Runs every state; a broken connection ends the host with a {@link TransportException}. */
    void run() throws TransportException {
        List<StateGraph.Node> nodes = plan.graph().ordered();
        Map<Integer, Status> outcomes = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            StateGraph.Node node = nodes.get(i);
            long start = System.nanoTime();
            StateResult result = runOne(node, outcomes, nodes.subList(i, nodes.size()), start);
            outcomes.put(node.state().index(), result.status());
            StateResult shown = masker.mask(result);
            log.debug("{} {}: {}", shown.status(), shown.state().label(), shown.comment());
            onResult.accept(shown);
        }
    }

    private StateResult runOne(StateGraph.Node node, Map<Integer, Status> outcomes, List<StateGraph.Node> remaining,
                               long start) throws TransportException {
        CompiledState state = node.state();
        if (state.inactive() != null) return result(state, Status.UNCHANGED, Diff.none(state.inactive()), start);
        List<Requisites.Outcome> reqs = new ArrayList<>();
        for (StateGraph.Dependency d : node.dependencies()) {
            reqs.add(new Requisites.Outcome(d.kind(), d.target().ref(), outcomes.get(d.target().index())));
        }
        Requisites.Decision decision = Requisites.decide(reqs);
        if (decision instanceof Requisites.Skip skip) {
            return result(state, Status.SKIPPED, Diff.none(skip.reason()), start);
        }
        if (decision instanceof Requisites.NotNeeded idle) {
            return result(state, Status.UNCHANGED, Diff.none(idle.reason()), start);
        }
        List<StateRef> triggers = ((Requisites.Run) decision).watchTriggers();
        List<StateRef> pending = ((Requisites.Run) decision).pending();

        // Gather what this state and every later one need in one round trip, unless already cached.
        List<Fact<?>> wanted = new ArrayList<>(factsOf(remaining));
        wanted.addAll(plan.observations());
        facts.ensure(wanted);
        FactValues values = facts.view(factsOf(state));
        Diff diff;
        try {
            diff = state.function().check(state.args(), values);
            if (!triggers.isEmpty()) {
                String trigger = triggers.stream().map(StateRef::requisiteForm).collect(Collectors.joining(", "));
                Optional<Diff> watchDiff = state.function().watch(state.args(), values, "watched " + trigger + " changed");
                if (watchDiff.isPresent()) diff = diff.plus(watchDiff.get());
            }
        } catch (StateSkipped e) {
            return result(state, Status.SKIPPED, Diff.none("skipped: " + e.getMessage()), start);
        } catch (NotYetKnown e) {
            if (pending.isEmpty()) return result(state, Status.FAILED, Diff.none("check failed: " + e.getMessage()), start);
            Diff provisional = e.provisional().isEmpty() ? undecided(pending) : e.provisional();
            return result(state, Status.WOULD_CHANGE, provisional.withComment(pendingReason(pending, e)), start);
        } catch (RuntimeException e) {
            log.debug("check failed for {}", state.ref().label(), e);
            if (pending.isEmpty()) return result(state, Status.FAILED, Diff.none("check failed: " + e.getMessage()), start);
            return result(state, Status.WOULD_CHANGE, undecided(pending).withComment(pendingReason(pending, e)), start);
        }
        if (diff.isEmpty()) return result(state, Status.UNCHANGED, diff, start);
        if (mode == Mode.CHECK) return result(state, Status.WOULD_CHANGE, diff, start);
        return applyAndVerify(state, values, diff, wanted, start, sameFunctionLater(remaining));
    }

    /**
     * The active states after the first of {@code remaining} with its function, none with a requisite
     * and none another state's requisite: each will run, and no outcome of theirs decides anything.
     */
    private List<Args> sameFunctionLater(List<StateGraph.Node> remaining) {
        CompiledState first = remaining.get(0).state();
        Set<Integer> targets = new java.util.HashSet<>();
        for (StateGraph.Node n : plan.graph().ordered()) n.dependencies().forEach(d -> targets.add(d.target().index()));
        if (targets.contains(first.index()) || !remaining.get(0).dependencies().isEmpty()) return List.of();
        List<Args> out = new ArrayList<>();
        for (StateGraph.Node n : remaining.subList(1, remaining.size())) {
            CompiledState s = n.state();
            if (s.inactive() != null || !n.dependencies().isEmpty() || targets.contains(s.index())) continue;
            if (s.function().qualifiedName().equals(first.function().qualifiedName())) out.add(s.args());
        }
        return out;
    }

    /** {@code wanted}: the facts of this state and every later one, read again in one round trip after the change. */
    private StateResult applyAndVerify(CompiledState state, FactValues before, Diff diff, List<Fact<?>> wanted, long start,
                                       List<Args> later) throws TransportException {
        String note;
        try {
            note = state.function().apply(state.args(), before, diff, transport, later);
        } catch (ApplyException e) {
            facts.invalidate();
            return result(state, Status.FAILED, diff.withComment("apply failed: " + e.getMessage()), start);
        } catch (RuntimeException e) {
            facts.invalidate();
            log.debug("apply failed for {}", state.ref().label(), e);
            return result(state, Status.FAILED, diff.withComment("apply failed: " + e), start);
        }
        facts.invalidate(state.function().changed(state.args(), diff));
        if (note != null && !note.isBlank()) diff = diff.withComment(diff.comment().isEmpty() ? note : diff.comment() + "; " + note);
        if (!state.function().verifiable(state.args())) {
            return result(state, Status.CHANGED, diff, start);
        }
        Diff after;
        facts.ensure(wanted);
        try {
            after = state.function().check(state.args(), facts.view(factsOf(state)));
        } catch (RuntimeException e) {
            return result(state, Status.FAILED, diff.withComment("verify failed: " + e.getMessage()), start);
        }
        if (!after.isEmpty()) {
            Change c = after.changes().get(0);
            String what = state.showChanges()
                    ? c.key() + " is " + c.before() + ", wanted " + c.after()
                    : c.key() + " still differs";
            return result(state, Status.FAILED, diff.withComment("verify after apply: " + what), start);
        }
        return result(state, Status.CHANGED, diff, start);
    }

    /** Salt's "None": the state cannot be decided before the changes it requires are made. */
    private static String pendingReason(List<StateRef> pending, RuntimeException why) {
        return "pending: " + describe(pending) + " would change first; until then " + why.getMessage();
    }

    private static Diff undecided(List<StateRef> pending) {
        return Diff.of("", Change.of("decided after " + describe(pending), null, "unknown until then"));
    }

    private static String describe(List<StateRef> refs) {
        return refs.stream().map(StateRef::requisiteForm).collect(Collectors.joining(", "));
    }

    private StateResult result(CompiledState state, Status status, Diff diff, long start) {
        Diff shown = state.showChanges() ? diff : diff.hidden();
        return new StateResult(state.ref(), status, shown.changes(), shown.comment(), Duration.ofNanos(System.nanoTime() - start), diff.actions());
    }

    private static List<Fact<?>> factsOf(CompiledState s) {
        return s.function().facts(s.args());
    }

    private static List<Fact<?>> factsOf(List<StateGraph.Node> nodes) {
        Set<String> seen = new LinkedHashSet<>();
        List<Fact<?>> out = new ArrayList<>();
        for (StateGraph.Node n : nodes) {
            if (n.state().inactive() != null) continue;
            for (Fact<?> f : factsOf(n.state())) if (seen.add(f.key())) out.add(f);
        }
        return out;
    }
}
