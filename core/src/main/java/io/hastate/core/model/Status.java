package io.hastate.core.model;

/**
 * The outcome of one state on one host.
 *
 * <pre>
 * UNCHANGED     the host already matches; nothing was or would be done (the comment says why)
 * WOULD_CHANGE  check mode: the Diff is non-empty; nothing was sent
 * CHANGED       apply mode: the Diff was carried out and verified by checking again
 * FAILED        facts could not be read, the apply failed, or verification found a difference
 * SKIPPED       a requisite decided the state must not run (the comment names it)
 * </pre>
 */
public enum Status {
    UNCHANGED, WOULD_CHANGE, CHANGED, FAILED, SKIPPED;

    /** True when, for requisites, this outcome counts as "succeeded with changes". */
    public boolean hasChanges() {
        return this == WOULD_CHANGE || this == CHANGED;
    }

    public String label() {
        return name().toLowerCase().replace('_', ' ');
    }
}
