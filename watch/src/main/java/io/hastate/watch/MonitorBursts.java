package io.hastate.watch;

import io.hastate.core.transport.Transport;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A host's monitor read as it prints, each line dated by the host's stamp on it ({@link HostStamps}),
 * or when it arrived if it has none. The watch looks at the host once per burst (the lines that queued
 * up while it was busy) and dates what it finds by the burst's latest line, not by when the look came
 * back: on a loaded controller a line can arrive, and a look take, a second late, and an outage would
 * otherwise start and end that much late. The latest, not the first: what the look sees follows every
 * line of the burst, and a burst can begin with a line that was slow to come (journald's lines lag the
 * kernel's), which would date a VIP's return back to before it returned. The burst also keeps each
 * address line's change with its own date: a VIP lost and back within one burst is still an outage,
 * and its start and end are the kernel's.
 */
final class MonitorBursts {
    /** One line, dated; its address change, if it tells one. */
    record Line(Instant at, AddressChange change) {}

    /** The lines a look takes at once: when the latest happened, and the address changes in the order the host printed them. */
    record Burst(Instant latest, List<Line> addressChanges) {}

    /** Queued after the last line: the monitor has ended. */
    private static final Line ENDED = new Line(Instant.MIN, null);

    private final BlockingQueue<Line> arrivals = new LinkedBlockingQueue<>();

    MonitorBursts(Transport.Held monitor, Clock clock, String threadName) {
        Thread reader = new Thread(() -> read(monitor, clock), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Transport.Held monitor, Clock clock) {
        HostStamps stamps = new HostStamps();
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

    /** Waits for the next burst; null once the monitor has ended. */
    Burst next() throws InterruptedException {
        Line first = arrivals.take();
        List<Line> rest = new ArrayList<>();
        arrivals.drainTo(rest);
        if (first == ENDED || rest.contains(ENDED)) {
            arrivals.add(ENDED);
            if (first == ENDED) return null;
        }
        // Two commands print on one host (addresses, keepalived's journal): their lines need not come in order.
        List<Line> lines = new ArrayList<>(List.of(first));
        rest.stream().filter(l -> l != ENDED).forEach(lines::add);
        Instant latest = first.at();
        for (Line line : lines) if (line.at().isAfter(latest)) latest = line.at();
        return new Burst(latest, lines.stream().filter(l -> l.change() != null).toList());
    }

    /** Lines read and not yet taken by {@link #next()}. */
    int queued() {
        return (int) arrivals.stream().filter(a -> a != ENDED).count();
    }
}
