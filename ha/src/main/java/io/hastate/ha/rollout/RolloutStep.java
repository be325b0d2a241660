package io.hastate.ha.rollout;

import io.hastate.core.run.EngineEvent;

/**
 * A step of a pair-aware rollout: which node goes when, what was verified, where it stopped. {@code kind}
 * says what the step is, for those who act on it (a report, the watch's heal, a test); {@code message}
 * says it to people.
 */
public record RolloutStep(String pair, Kind kind, String message, boolean problem) implements EngineEvent.Extension {
    public enum Kind {
        /** The pair's order in this run, as the VIPs lie before it. */
        PLANNED,
        /** A node was changed and its pair judged after it. */
        NODE_DONE,
        /** A node of several pairs was already changed with another of its pairs. */
        ALREADY_DONE,
        /** A peer took the VIPs over before its node's keepalived restart. */
        TOOK_OVER,
        /** A peer that took over runs at its declared priority again. */
        TAKEOVER_ENDED,
        /** A restart owed since a takeover installed an upgrade was done. */
        RESTART_OWED,
        /** keepalived restarted on a holder, which took its VIPs back: two moves. */
        RESTARTED_HOLDER,
        /** A node was left as it was: its peer is no ready standby, or a takeover was not possible. */
        NODE_LEFT,
        /** A node's apply, or what followed it, failed. */
        NODE_FAILED,
        /** After a node's step a VIP is held by another node than the one that must hold it. */
        WRONG_HOLDER,
        /** A VIP held twice, or by nobody: the whole rollout stops. */
        CIRCUIT_BREAKER,
        /** A pair was not started. */
        NOT_STARTED,
        /** The rollout stopped after too many failed pairs. */
        STOPPED,
        /** Pair members applied like any host (--no-rollout). */
        ROLLOUT_OFF
    }

    @Override
    public String subject() {
        return pair;
    }
}
