package io.hastate.core.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named set of hosts that an inventory section declares (hastate-ha's pairs): a target selects its
 * hosts by its name, and its vars merge for them (after groups', before the host's own).
 */
public interface HostSet {
    String name();

    /** Its hosts, in the order it declares them. */
    List<String> hosts();

    Map<String, Object> vars();

    Location location();

    /** Values it holds that must never be shown (passwords). */
    default Set<String> secrets() {
        return Set.of();
    }
}
