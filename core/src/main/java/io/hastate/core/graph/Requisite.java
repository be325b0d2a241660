package io.hastate.core.graph;

import io.hastate.core.model.Location;

/**
 * A requisite as written: {@code module: id} or just {@code id}. {@code reverse} marks the _in form,
 * where the state that declares it is the target and the referenced state the dependent.
 */
public record Requisite(RequisiteKind kind, boolean reverse, String module, String id, Location location) {
    public String written() {
        return (reverse ? kind.inKey() : kind.key()) + " " + (module == null ? id : module + ": " + id);
    }
}
