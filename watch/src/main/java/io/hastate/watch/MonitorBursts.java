package io.hastate.watch;

import io.hastate.core.transport.Transport;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * A host's monitor read as it prints, each line dated by the host's stamp on it ({@link HostStamps}),
 * or when it arrived if it has none. The watch looks at the host once per burst (the lines that queued
 * up while it was busy). Each address line keeps its own date, so a VIP lost and back within one burst
 * is still an outage with the kernel's start and end; a look is dated by the host's clock when it ran,
 * never by when its answer came back: on a loaded controller a line can arrive, and a look take, a
 * second late, and an outage would otherwise start and end that much late.
 */
final class MonitorBursts {
    /** One line, dated; its address change, if it tells one. */
    record Line(Instant at, AddressChange change) {}

    /** Queued after the last line: the monitor has ended. */
    private static final Line ENDED = new Line(Instant.MIN, null);

    private final BlockingDeque<Line> arrivals = new LinkedBlockingDeque<>();
    private final HostStamps stamps = new HostStamps();

    MonitorBursts(Transport.Held monitor, Clock clock, String threadName) {
        Thread reader = new Thread(() -> read(monitor, clock), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Transport.Held monitor, Clock clock) {
        try {
            for (String line; (line = monitor.nextLine()) != null; ) {
                arrivals.add(new Line(stamps.date(line, clock.instant()), AddressChange.parse(line)));
            }
        } catch (IOException | RuntimeException e) {
            // A monitor that fails has ended, as one that is closed has: the watch reconnects.
        } finally {
            arrivals.add(ENDED);
        }
    }

    /**
     * Waits for the next burst (the lines that queued up while the watch was busy): its address changes
     * in the order the host printed them, empty when it told none; null once the monitor has ended.
     */
    List<Line> next() throws InterruptedException {
        Line first = arrivals.take();
        List<Line> lines = new ArrayList<>(List.of(first));
        arrivals.drainTo(lines);
        if (lines.contains(ENDED)) {
            arrivals.add(ENDED);
            if (first == ENDED) return null;
        }
        return lines.stream().filter(l -> l != ENDED && l.change() != null).toList();
    }

    /**
     * The address changes queued that happened no later than {@code at} (a look's date), in the order the
     * host printed them; later lines stay queued for the next burst. The look saw everything up to its own
     * time: the lines before it, which may still have been on their way when it was sent, tell when.
     */
    List<Line> takeUntil(Instant at) {
        List<Line> queued = new ArrayList<>();
        arrivals.drainTo(queued);
        List<Line> taken = new ArrayList<>();
        List<Line> kept = new ArrayList<>();
        for (Line line : queued) {
            if (line != ENDED && !line.at().isAfter(at)) taken.add(line);
            else kept.add(line);
        }
        // The reader only adds at the end: lines it added meanwhile are later still, what stays goes back in front of them.
        for (int i = kept.size() - 1; i >= 0; i--) arrivals.addFirst(kept.get(i));
        return taken.stream().filter(l -> l.change() != null).toList();
    }

    /** A time the host read from its own clock, on the controller's clock (as its lines are dated). */
    Instant dateHostTime(Instant hostTime, Instant arrival) {
        return stamps.dateStamp(hostTime, arrival);
    }

    /** Lines read and not yet taken by {@link #next()}. */
    int queued() {
        return (int) arrivals.stream().filter(a -> a != ENDED).count();
    }
}
