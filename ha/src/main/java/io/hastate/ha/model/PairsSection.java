package io.hastate.ha.model;

import io.hastate.core.load.InventorySection;
import io.hastate.core.load.SectionContext;
import io.hastate.core.load.YNode;

import java.util.Map;

/** The inventory's {@code pairs:} section, read by hastate-ha (registered for {@link java.util.ServiceLoader}). */
public final class PairsSection implements InventorySection {
    public static final String KEY = "pairs";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Map<String, Pair> read(YNode.YMap section, SectionContext context) {
        return new PairsReader(context).read(section);
    }
}
