package io.hastate.watch;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HostStampsTest {
    static final Instant T0 = Instant.parse("2026-12-05T05:45:51Z");

    @Test
    void bothMonitorsStampsAreRead() {
        assertEquals(Instant.parse("2026-12-05T05:45:51.036607Z"),
                HostStamps.stampOf("[2026-12-05T05:45:51.036607] 2: eth0    inet 10.0.0.9/32 scope global eth0"));
        assertEquals(Instant.parse("2026-12-05T05:45:51.250Z"),
                HostStamps.stampOf("1796449551.250000 p1a Keepalived_vrrp[812]: (VI_1) Entering MASTER STATE"));
        assertNull(HostStamps.stampOf("Deleted 2: eth0    inet 10.0.0.9/32 scope global eth0"));
        assertNull(HostStamps.stampOf("[2026-13-45T05:45:51.0] not a date"));
        assertNull(HostStamps.stampOf("ready"));
    }

    @Test
    void aLateLineIsDatedByTheHostAndTheOffsetComesFromTheFastestLine() {
        HostStamps stamps = new HostStamps();
        // The host's clock is 3 s behind the controller's; the first line took 20 ms to arrive.
        assertEquals(T0.plusMillis(3020), stamps.date("[2026-12-05T05:45:51.000] deleted", T0.plusMillis(3020)));
        // The next, printed 400 ms later on the host, reached a loaded controller 390 ms late.
        assertEquals(T0.plusMillis(3420), stamps.date("[2026-12-05T05:45:51.400] added", T0.plusMillis(3810)));
        // A line that travelled faster (5 ms) moves the offset: what follows is dated by it.
        assertEquals(T0.plusMillis(3505), stamps.date("[2026-12-05T05:45:51.500] x", T0.plusMillis(3505)));
        assertEquals(T0.plusMillis(3605), stamps.date("1796449551.600 p1a Keepalived_vrrp[1]: x", T0.plusMillis(3900)));
    }

    @Test
    void aLineWithoutStampIsDatedByItsArrivalAndAClockStepRestartsTheEstimate() {
        HostStamps stamps = new HostStamps();
        assertEquals(T0, stamps.date("Deleted 2: eth0 inet 10.0.0.9/32", T0));
        assertEquals(T0.plusMillis(10), stamps.date("[2026-12-05T05:45:51.000] a", T0.plusMillis(10)));
        // The host's clock stepped 5 s back: dating by the old offset would put the line 5 s in the past.
        Instant arrival = T0.plusMillis(1010);
        assertEquals(arrival, stamps.date("[2026-12-05T05:45:47.000] b", arrival));
        assertEquals(arrival.plusMillis(100), stamps.date("[2026-12-05T05:45:47.100] c", arrival.plusMillis(300)));
    }
}
