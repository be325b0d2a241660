package io.hastate.core.module;

/**
 * Thrown by {@code check()} when a state cannot apply to this host at all (the kernel lacks a device
 * type, say): the state is reported SKIPPED with this reason instead of failing.
 */
public class StateSkipped extends RuntimeException {
    public StateSkipped(String reason) {
        super(reason);
    }
}
