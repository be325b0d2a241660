package io.hastate.watch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each followed host's reachability and drift, and the events their changes make. A host is told up
 * or down once per change, by whichever notices first: a pair member's monitor, or a check round
 * that reached it while the monitor was still waiting to connect again.
 */
final class HostStates {
    private final Map<String, HostState> states = new ConcurrentHashMap<>();
    private final Function<String, String> pairOf;

    /** {@code pairOf}: the pair an event about a host names (null for a lone host). */
    HostStates(List<String> hosts, Function<String, String> pairOf) {
        hosts.forEach(h -> states.put(h, HostState.UNKNOWN));
        this.pairOf = pairOf;
    }

    synchronized List<WatchEvent> up(String host, Instant at) {
        HostState before = states.put(host, states.get(host).withUp(true, ""));
        // A host found at the start is not news; one found again after it was down is.
        if (!before.up() && before != HostState.UNKNOWN) return List.of(new WatchEvent(at, WatchEvent.Kind.HOST_UP, pairOf.apply(host), host, ""));
        return List.of();
    }

    synchronized List<WatchEvent> down(String host, String why, Instant at) {
        HostState before = states.put(host, states.get(host).withUp(false, why));
        if (before.up() || before == HostState.UNKNOWN) return List.of(new WatchEvent(at, WatchEvent.Kind.HOST_DOWN, pairOf.apply(host), host, why));
        return List.of();
    }

    /** A check round reached {@code host} and found {@code drift} states differing: it is up, and drifted or back in sync. */
    synchronized List<WatchEvent> checked(String host, int drift, Instant at) {
        List<WatchEvent> events = new ArrayList<>(up(host, at));
        HostState before = states.get(host);
        states.put(host, before.withDrift(drift));
        if (drift > 0 && before.driftStates() <= 0) {
            events.add(new WatchEvent(at, WatchEvent.Kind.DRIFT, pairOf.apply(host), host, drift + " state(s) differ"));
        } else if (drift == 0 && before.driftStates() > 0) {
            events.add(new WatchEvent(at, WatchEvent.Kind.IN_SYNC, pairOf.apply(host), host, ""));
        }
        return events;
    }

    /** The hosts known to answer now. */
    Set<String> answering() {
        Set<String> out = new HashSet<>();
        states.forEach((host, state) -> {
            if (state.up()) out.add(host);
        });
        return out;
    }

    /** Every host's state now, for the metrics and the status page. */
    Map<String, HostState> view() {
        return states;
    }
}
