package io.hastate.core.module;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Scope;
import io.hastate.core.model.Diff;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.util.List;
import java.util.Optional;

/**
 * One state function such as {@code file.managed}. It has two jobs: {@link #check} is pure and
 * decides from facts what must change; {@link #apply} carries out exactly that Diff. Check mode
 * calls only {@link #check}, so no function needs to know which mode it runs in.
 */
public interface StateFunction {

    String module();

    String function();

    /** Arguments besides {@code name} and the requisites, which every state has. */
    List<ArgSpec> args();

    /** Extra load-time checks that involve several arguments; throw {@link IllegalArgumentException}. */
    default void validate(Args args) {}

    /**
     * The record the arguments bind to ({@link Args#bind}), or null: when set, every state's arguments
     * are bound at load time, and the record's own checks refuse bad values before any host is contacted.
     */
    default Class<? extends Record> argsType() {
        return null;
    }

    /** The facts {@link #check} reads; they are gathered for all states in one round trip. */
    List<Fact<?>> facts(Args args);

    Diff check(Args args, FactValues facts);

    /** Carries out {@code diff}; returns a short note for the report (a command's output), or "". */
    String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException;

    /**
     * The engine's entry point: {@code facts} are the ones {@link #check} decided on, still current.
     * A function that edits what it read (one line of a shared file) overrides this instead of
     * reading it again.
     */
    default String apply(Args args, FactValues facts, Diff diff, Transport transport) throws ApplyException, TransportException {
        return apply(args, diff, transport);
    }

    /**
     * The same, given {@code later}: the arguments of this function's states that run after this one on
     * the host, in order, none of them bound by a requisite either way (so each will run, and nothing
     * waits on its outcome). A function whose states share one file writes theirs in the same write
     * (Salt's aggregate); their own turn then finds that part done. By default they are left alone.
     */
    default String apply(Args args, FactValues facts, Diff diff, Transport transport, List<Args> later)
            throws ApplyException, TransportException {
        return apply(args, facts, diff, transport);
    }

    /**
     * What a {@code watch} requisite adds when a watched state changed (Salt's mod_watch), e.g. a
     * service restart. Empty means the function has no watch action and watch acts as require.
     */
    default Optional<Diff> watch(Args args, FactValues facts, String trigger) {
        return Optional.empty();
    }

    /**
     * What an apply of this state can alter; every fact whose scope overlaps it is read again before
     * it is used. Everything, unless a function knows its effects exactly: a command can change anything.
     */
    default List<Scope> changes(Args args) {
        return List.of(Scope.everything());
    }

    /** What applying {@code diff} altered: {@link #changes(Args)} unless a function can tell from the diff's actions. */
    default List<Scope> changed(Args args, Diff diff) {
        return changes(args);
    }

    /** Whether checking again after apply must find nothing left to do; false for one-shot commands. */
    default boolean verifiable(Args args) {
        return true;
    }

    default String qualifiedName() {
        return module() + "." + function();
    }
}
