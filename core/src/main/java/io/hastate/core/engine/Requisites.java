package io.hastate.core.engine;

import io.hastate.core.graph.RequisiteKind;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * Salt's requisite semantics as one pure function. For each requisite kind, by the target's outcome:
 *
 * <pre>
 *              skipped   failed    unchanged   changed (or would change)
 * require      skip      skip      run         run
 * watch        skip      skip      run         run + watch action
 * onchanges    skip      skip      -           run
 * onfail       -         run       -           -
 * </pre>
 *
 * "-" contributes nothing: a state with onchanges runs only if at least one onchanges target changed,
 * and a state with onfail only if at least one onfail target failed (any-of, as in Salt since 2016.11).
 * When nothing triggers it, the state is not needed: UNCHANGED with that reason, as Salt reports it,
 * not a skip. A state's requisites of different kinds must all allow it to run.
 */
public final class Requisites {
    private Requisites() {}

    public record Outcome(RequisiteKind kind, StateRef target, Status status) {}

    public sealed interface Decision permits Run, Skip, NotNeeded {}

    /**
     * Run the state; {@code watchTriggers} are the watched states that changed (empty: no watch action),
     * {@code pending} the requisites that would change but have not (check mode).
     */
    public record Run(List<StateRef> watchTriggers, List<StateRef> pending) implements Decision {
        public Run {
            watchTriggers = List.copyOf(watchTriggers);
            pending = List.copyOf(pending);
        }
    }

    /** A requisite failed or was skipped: the state must not run. */
    public record Skip(String reason) implements Decision {}

    /** An onchanges or onfail state whose trigger did not happen: nothing to do. */
    public record NotNeeded(String reason) implements Decision {}

    public static Decision decide(List<Outcome> outcomes) {
        List<StateRef> triggers = new ArrayList<>();
        List<StateRef> pending = new ArrayList<>();
        boolean hasOnchanges = false, anyChanged = false;
        boolean hasOnfail = false, anyFailed = false;
        for (Outcome o : outcomes) {
            Status s = o.status();
            if (s == Status.WOULD_CHANGE && o.kind() != RequisiteKind.ONFAIL) pending.add(o.target());
            switch (o.kind()) {
                case REQUIRE, WATCH -> {
                    if (s == Status.FAILED) return new Skip("requisite " + o.target().requisiteForm() + " failed");
                    if (s == Status.SKIPPED) return new Skip("requisite " + o.target().requisiteForm() + " was skipped");
                    if (o.kind() == RequisiteKind.WATCH && s.hasChanges()) triggers.add(o.target());
                }
                case ONCHANGES -> {
                    hasOnchanges = true;
                    if (s == Status.FAILED) return new Skip("onchanges requisite " + o.target().requisiteForm() + " failed");
                    if (s == Status.SKIPPED) return new Skip("onchanges requisite " + o.target().requisiteForm() + " was skipped");
                    anyChanged |= s.hasChanges();
                }
                case ONFAIL -> {
                    hasOnfail = true;
                    anyFailed |= s == Status.FAILED;
                }
            }
        }
        if (hasOnchanges && !anyChanged) return new NotNeeded("not run: none of the onchanges requisites changed");
        if (hasOnfail && !anyFailed) return new NotNeeded("not run: none of the onfail requisites failed");
        return new Run(triggers, pending);
    }
}
