package io.hastate.core.plan;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;

import java.util.List;
import java.util.Map;

/**
 * Reads the facts that planning needs from the hosts before their states are rendered (Salt's grains):
 * all hosts at once, so a fleet pays one round trip, not one per host in turn.
 */
@FunctionalInterface
public interface HostGrains {
    /** Nothing is read: every contributor sees a host it knows nothing of (listing an inventory, a test). */
    HostGrains NONE = wanted -> Map.of();

    /** Each host's values of the facts {@code wanted} names for it; a host not reached may be left out. */
    Map<String, FactValues> read(Map<String, List<Fact<?>>> wanted);
}
