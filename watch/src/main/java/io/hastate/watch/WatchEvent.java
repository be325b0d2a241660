package io.hastate.watch;

import java.time.Instant;

/**
 * Something the watch saw happen, at the moment it saw it. {@code problem} events open a problem that a
 * later {@code recovery} of the same key closes; the rest are information.
 */
public record WatchEvent(Instant at, Kind kind, String pair, String host, String detail) {

    public enum Kind {
        OUTAGE(true, false), OUTAGE_OVER(false, true), SPLIT_BRAIN(true, false), SPLIT_BRAIN_OVER(false, true),
        WRONG_DEVICE(true, false), WRONG_DEVICE_OVER(false, true), VIP_MOVED(false, false), KEEPALIVED_STATE(false, false),
        HOST_DOWN(true, false), HOST_UP(false, true), DRIFT(true, false), IN_SYNC(false, true), CHECK_FAILED(true, false),
        KEEPALIVED_DOWN(true, false), KEEPALIVED_UP(false, true), FLAPPING(true, false), FLAPPING_OVER(false, true),
        HEALED(false, false), HEAL_FAILED(true, false), HEAL_HELD(false, false), RISK(true, false), RISK_GONE(false, true);

        public final boolean problem;
        /** Ends a problem: an alert goes out for it as for the problem. */
        public final boolean recovery;

        Kind(boolean problem, boolean recovery) {
            this.problem = problem;
            this.recovery = recovery;
        }
    }

    /** One line for the log: time, what, where, why. */
    public String line() {
        return at + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + (pair == null ? "" : " pair=" + pair)
                + (host == null ? "" : " host=" + host) + (detail.isEmpty() ? "" : " " + detail);
    }
}
