package io.hastate.core.engine;

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

    /** Before a pair-aware rollout starts: the order it will take each pair in, as the VIPs lie now. */
    record RolloutPlanned(String pair, String order) implements EngineEvent {}

    /** A step of a pair-aware rollout: which node goes when, what was verified, where it stopped. */
    record RolloutStep(String pair, String message, boolean problem) implements EngineEvent {}
}
