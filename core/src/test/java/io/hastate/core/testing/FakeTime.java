package io.hastate.core.testing;

import io.hastate.core.time.Waiter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when code under test sleeps: waits of seconds take no time in a test. */
public final class FakeTime {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();

    public Waiter waiter() {
        return new Waiter(nanos::get, d -> {
            nanos.addAndGet(d.toNanos());
            slept.addAndGet(d.toNanos());
        });
    }

    /** How long the code under test would have slept. */
    public Duration slept() {
        return Duration.ofNanos(slept.get());
    }
}
