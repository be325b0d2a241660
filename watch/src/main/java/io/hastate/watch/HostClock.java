package io.hastate.watch;

import io.hastate.core.facts.Fact;

import java.time.Instant;

/** The host's own time when a look ran, read in the look's round trip: it dates what the look saw. */
final class HostClock {
    /** GNU date; a date without %N prints something else, and the look is then dated by its answer's arrival. */
    static final Fact<Instant> FACT = new Fact<>("watch-host-clock", "date +%s.%N", HostClock::parse);

    private HostClock() {}

    static Instant parse(String out, int rc) {
        if (rc != 0) return null;
        return HostStamps.stampOf(out.strip() + " ");
    }
}
