package io.hastate.ha.rollout;

import io.hastate.ha.facts.KeepalivedProcess;

import java.util.List;
import java.util.Map;

/**
 * One look at a pair during a rollout: the nodes holding its first VIP, and each node's keepalived
 * (running or not, when it started, its VRRP state). A node that could not be read has no entry.
 */
record PairView(List<String> holders, Map<String, KeepalivedProcess> keepalived) {
    PairView {
        holders = List.copyOf(holders);
        keepalived = Map.copyOf(keepalived);
    }

    /** The only holder, or null when nobody or both hold the VIP. */
    String holder() {
        return holders.size() == 1 ? holders.get(0) : null;
    }

    /** Whether {@code host}'s keepalived, running in {@code before}, runs as another process now. */
    boolean restarted(String host, PairView before) {
        KeepalivedProcess was = before.keepalived.get(host);
        KeepalivedProcess now = keepalived.get(host);
        return was != null && now != null && was.active() && now.active() && was.started() != now.started();
    }

    /**
     * Why {@code host} could not take the VIP over if its peer went away now, or null when it could (or
     * when its VRRP state cannot be read: nothing to hold the rollout back on).
     */
    String whyNoStandby(String host) {
        if (holders.contains(host)) return null;
        KeepalivedProcess k = keepalived.get(host);
        if (k == null) return null;
        if (!k.active()) return "keepalived is not running";
        if ("FAULT".equals(k.vrrpState())) return "keepalived is in FAULT";
        return null;
    }

    String describeHolders() {
        return holders.isEmpty() ? "nobody" : String.join(" and ", holders);
    }
}
