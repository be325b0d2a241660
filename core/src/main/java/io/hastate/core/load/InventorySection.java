package io.hastate.core.load;

import io.hastate.core.model.HostSet;

import java.util.Map;

/**
 * A top-level section of the inventory read by a module of hastate (hastate-ha reads {@code pairs:}),
 * found with {@link java.util.ServiceLoader}: core knows the section's host sets, not what they mean.
 */
public interface InventorySection {
    /** The top-level key, e.g. {@code pairs}. */
    String key();

    /**
     * Reads and validates the section, throwing {@link io.hastate.core.model.InvalidInputException}
     * naming file, line and field; returns its host sets by name, in the order written.
     */
    Map<String, ? extends HostSet> read(YNode.YMap section, SectionContext context);
}
