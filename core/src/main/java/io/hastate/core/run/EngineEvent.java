package io.hastate.core.run;

import io.hastate.core.model.StateResult;

import java.time.Duration;
import java.util.List;

/** What the engine reports while it works. Reports are listeners; the engine itself never prints. */
public sealed interface EngineEvent {
    record RunStarted(Mode mode, List<String> hosts) implements EngineEvent {}

    record HostStarted(String host) implements EngineEvent {}

    record StateFinished(String host, StateResult result) implements EngineEvent {}

    /** The host could not be reached, or the connection broke; {@code partial} holds what finished first. */
    record HostUnreachable(String host, String reason) implements EngineEvent {}

    /** The host itself failed (a command ran too long or printed without end, it is locked, or hastate broke on it). */
    record HostFailed(String host, String reason) implements EngineEvent {}

    record HostFinished(String host, Duration duration, int factRoundTrips) implements EngineEvent {}

    /** The host's observation facts at the end of its run, by fact key. */
    record HostObserved(String host, java.util.Map<String, Object> observations) implements EngineEvent {}

    record RunFinished(Duration duration) implements EngineEvent {}

    /**
     * An event of a part of hastate outside the engine, such as the pair rollout's steps: passed to every
     * listener, kept in order by the run's summary, and shown by that part's report section.
     */
    non-sealed interface Extension extends EngineEvent {
        /** What it is about, such as a pair's name. */
        String subject();

        /** The event in words, for people. */
        String message();

        /** Whether it says the run failed somewhere. */
        boolean problem();

        /** The event on one line of the run's progress. */
        default String line() {
            return subject() + "  " + message();
        }
    }
}
