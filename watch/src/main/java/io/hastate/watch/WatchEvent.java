package io.hastate.watch;

import java.time.Instant;

/**
 * Something the watch saw happen, at the moment it saw it. {@code problem} events open a problem that a
 * later {@code recovery} of the same key closes; the rest are information.
 */
public record WatchEvent(Instant at, Kind kind, String pair, String host, String detail) {

    public enum Kind {
        OUTAGE(true), OUTAGE_OVER(false), SPLIT_BRAIN(true), SPLIT_BRAIN_OVER(false), WRONG_DEVICE(true), WRONG_DEVICE_OVER(false),
        VIP_MOVED(false), KEEPALIVED_STATE(false), HOST_DOWN(true), HOST_UP(false), DRIFT(true), IN_SYNC(false), CHECK_FAILED(true);

        public final boolean problem;

        Kind(boolean problem) {
            this.problem = problem;
        }
    }

    /** One line for the log: time, what, where, why. */
    public String line() {
        return at + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + (pair == null ? "" : " pair=" + pair)
                + (host == null ? "" : " host=" + host) + (detail.isEmpty() ? "" : " " + detail);
    }
}
