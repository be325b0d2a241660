package io.hastate.watch;

import io.hastate.core.transport.FirstLine;
import io.hastate.core.transport.Transport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MonitorBurstsTest {
    static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");

    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };

    /** A monitor whose lines the test prints. */
    static Transport.Held monitor(PipedInputStream printed) {
        return new Transport.Held() {
            @Override public String firstLine() { return "ready"; }
            @Override public String nextLine() throws IOException { return FirstLine.read(printed); }
            @Override public void close() {}
        };
    }

    static void print(PipedOutputStream to, String line) throws IOException {
        to.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        to.flush();
    }

    static void awaitQueued(MonitorBursts bursts, int lines) throws InterruptedException {
        while (bursts.queued() < lines) Thread.sleep(1);
    }

    @Test
    void aBurstIsEverythingThatQueuedUpWhileTheWatchWasBusy() throws Exception {
        PipedOutputStream host = new PipedOutputStream();
        MonitorBursts bursts = new MonitorBursts(monitor(new PipedInputStream(host)), clock, "test-monitor");

        print(host, "Deleted 2: eth0    inet 10.0.0.9/32 scope global eth0");
        awaitQueued(bursts, 1);
        now.set(T0.plusMillis(40));
        print(host, "Netlink reports 10.0.0.9 removed");
        awaitQueued(bursts, 2);
        now.set(T0.plusMillis(1000));
        List<MonitorBursts.Line> burst = bursts.next();
        assertEquals(0, bursts.queued(), "the whole burst is taken by one look");
        // A line without the host's stamp is dated by its arrival; only address lines are kept.
        assertEquals(List.of(T0), burst.stream().map(MonitorBursts.Line::at).toList());

        now.set(T0.plusMillis(1400));
        print(host, "Netlink reports 10.0.0.9 added");
        awaitQueued(bursts, 1);
        assertEquals(List.of(), bursts.next(), "a line that tells no address change still makes a burst");

        host.close();
        assertNull(bursts.next(), "the monitor ended");
        assertNull(bursts.next(), "and stays ended");
    }

    @Test
    void linesPrintedJustBeforeTheEndAreStillLookedAt() throws Exception {
        PipedOutputStream host = new PipedOutputStream();
        MonitorBursts bursts = new MonitorBursts(monitor(new PipedInputStream(host)), clock, "test-monitor");
        print(host, "Deleted 2: eth0    inet 10.0.0.9/32 scope global eth0");
        host.close();
        assertEquals(1, bursts.next().size());
        assertNull(bursts.next());
    }

    @Test
    void aLineThatArrivedLateIsDatedByTheHostsStamp() throws Exception {
        PipedOutputStream host = new PipedOutputStream();
        MonitorBursts bursts = new MonitorBursts(monitor(new PipedInputStream(host)), clock, "test-monitor");
        print(host, "[2026-12-01T06:00:00.000] 2: eth0    inet 10.0.0.9/32 scope global eth0");
        awaitQueued(bursts, 1);
        assertEquals(T0, bursts.next().get(0).at());
        // Deleted 100 ms later on the host; the controller only read it 390 ms after that.
        now.set(T0.plusMillis(490));
        print(host, "[2026-12-01T06:00:00.100] Deleted 2: eth0    inet 10.0.0.9/32 scope global eth0");
        awaitQueued(bursts, 1);
        assertEquals(T0.plusMillis(100), bursts.next().get(0).at());
        // A look's own reading of the host's clock is dated the same way: its answer came 300 ms after it ran.
        now.set(T0.plusMillis(800));
        assertEquals(T0.plusMillis(500), bursts.dateHostTime(T0.plusMillis(500), now.get()));
    }

    @Test
    void aLookTakesTheLinesUpToWhenItRanAndLeavesLaterOnesForTheNextBurst() throws Exception {
        PipedOutputStream host = new PipedOutputStream();
        MonitorBursts bursts = new MonitorBursts(monitor(new PipedInputStream(host)), clock, "test-monitor");
        print(host, "[2026-12-01T06:00:00.000] 2: eth0    inet 10.0.0.1/24 scope global eth0");
        awaitQueued(bursts, 1);
        bursts.next();
        // The controller was busy: three lines come at once, 200 to 600 ms after the host printed them.
        now.set(T0.plusMillis(900));
        print(host, "[2026-12-01T06:00:00.300] 2: eth0    inet 10.0.0.9/32 scope global eth0");
        print(host, "1796104800.350 p1a Keepalived_vrrp[9]: (VI_1) Entering MASTER STATE");
        print(host, "[2026-12-01T06:00:00.700] Deleted 2: eth0    inet 10.0.0.9/32 scope global eth0");
        awaitQueued(bursts, 3);
        // A look that ran at 500 ms saw the VIP added at 300 ms, not its loss at 700 ms.
        List<MonitorBursts.Line> taken = bursts.takeUntil(T0.plusMillis(500));
        assertEquals(List.of(T0.plusMillis(300)), taken.stream().map(MonitorBursts.Line::at).toList());
        assertEquals(1, bursts.queued(), "the journal's line before the look is in it too");
        List<MonitorBursts.Line> next = bursts.next();
        assertEquals(List.of(false), next.stream().map(l -> l.change().added()).toList());
        assertEquals(T0.plusMillis(700), next.get(0).at());
    }

    @Test
    void aVipLostAndBackWithinOneBurstKeepsBothChangesWithTheirOwnDates() throws Exception {
        PipedOutputStream host = new PipedOutputStream();
        MonitorBursts bursts = new MonitorBursts(monitor(new PipedInputStream(host)), clock, "test-monitor");
        print(host, "[2026-12-01T06:00:00.000] 2: eth0    inet 10.0.0.1/24 scope global eth0");
        awaitQueued(bursts, 1);
        bursts.next();
        // The watch was busy for a second: the VIP went and came back meanwhile, then keepalived wrote a line.
        now.set(T0.plusMillis(1000));
        print(host, "[2026-12-01T06:00:00.100] Deleted 2: eth0    inet 10.0.0.9/32 scope global eth0");
        print(host, "[2026-12-01T06:00:00.500] 2: eth0    inet 10.0.0.9/32 scope global eth0");
        print(host, "1796104800.700 p1a Keepalived_vrrp[9]: (VI_1) Netlink reports 10.0.0.9 added");
        awaitQueued(bursts, 3);
        List<MonitorBursts.Line> burst = bursts.next();
        assertEquals(List.of(T0.plusMillis(100), T0.plusMillis(500)), burst.stream().map(MonitorBursts.Line::at).toList());
        assertEquals(List.of(false, true), burst.stream().map(l -> l.change().added()).toList());
    }
}
