package io.hastate.core.model;

/** One node of a pair with its own VRRP data. */
public record PairNode(String host, int priority, String initialState, Location location) {
    public PairNode {
        if (priority < 1 || priority > 254) {
            throw new InvalidInputException(location, "priority", "must be 1-254, got " + priority);
        }
        if (!initialState.equals("MASTER") && !initialState.equals("BACKUP")) {
            throw new InvalidInputException(location, "state", "must be MASTER or BACKUP, got " + initialState);
        }
    }
}
