package io.hastate.core.engine;

import java.util.List;
import java.util.Map;

/**
 * One look at a pair during a rollout: the nodes holding its first VIP, and when each node's keepalived
 * started (0 when not running or not readable), which tells a restart from a reload.
 */
record PairView(List<String> holders, Map<String, Long> keepalivedStarts) {
    PairView {
        holders = List.copyOf(holders);
        keepalivedStarts = Map.copyOf(keepalivedStarts);
    }

    /** The only holder, or null when nobody or both hold the VIP. */
    String holder() {
        return holders.size() == 1 ? holders.get(0) : null;
    }

    /** Whether {@code host}'s keepalived, running in {@code before}, runs as another process now. */
    boolean restarted(String host, PairView before) {
        long was = before.keepalivedStarts.getOrDefault(host, 0L);
        long now = keepalivedStarts.getOrDefault(host, 0L);
        return was != 0 && now != 0 && was != now;
    }

    String describeHolders() {
        return holders.isEmpty() ? "nobody" : String.join(" and ", holders);
    }
}
