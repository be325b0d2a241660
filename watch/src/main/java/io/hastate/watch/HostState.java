package io.hastate.watch;

/** What the watch knows of one host: reachable or why not, and how many states differ (-1: not checked yet). */
record HostState(boolean up, String reason, int driftStates) {
    static final HostState UNKNOWN = new HostState(false, "not reached yet", -1);

    HostState withUp(boolean nowUp, String why) {
        return new HostState(nowUp, nowUp ? "" : why, driftStates);
    }

    HostState withDrift(int states) {
        return new HostState(up, reason, states);
    }
}
