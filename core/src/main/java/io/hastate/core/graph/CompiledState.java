package io.hastate.core.graph;

import io.hastate.core.model.StateRef;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;

import java.util.List;

/**
 * A state rendered for one host, its arguments validated; {@code index} is its declaration order.
 * {@code inactive} is null, or why a {@code when:} condition switched the state off for this host.
 */
public record CompiledState(int index, StateRef ref, StateFunction function, Args args,
                            List<Requisite> requisites, boolean showChanges, String inactive) {
    public CompiledState {
        requisites = List.copyOf(requisites);
    }
}
