package io.hastate.core.time;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Time as a dependency for code that waits (a rollout letting VRRP settle, a handover waiting for the
 * VIP to move): a monotonic clock and a sleeper, real in hastate, a fake one in tests that run the
 * same waits in milliseconds. An interrupted wait always ends the same way: the thread's flag is set
 * again and {@link Interrupted} is thrown.
 */
public final class Waiter {
    /** Pauses the calling thread; the fake one moves its clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A monotonic clock in nanoseconds. */
    @FunctionalInterface
    public interface Ticker {
        long nanoTime();
    }

    public static final Waiter REAL = new Waiter(System::nanoTime, d -> Thread.sleep(d.toMillis()));

    private final Ticker ticker;
    private final Sleeper sleeper;

    public Waiter(Ticker ticker, Sleeper sleeper) {
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    /** A wait that was interrupted; the thread's interrupt flag is set again. */
    public static final class Interrupted extends IllegalStateException {
        Interrupted(InterruptedException cause) {
            super("interrupted", cause);
        }
    }

    public long nanoTime() {
        return ticker.nanoTime();
    }

    public void pause(Duration d) {
        if (d.isZero() || d.isNegative()) return;
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        }
    }

    /**
     * Looks until what it sees is {@code done} or {@code within} has passed, pausing {@code every}
     * between looks; returns the last look (done or not).
     */
    public <T> T until(Supplier<T> look, Predicate<T> done, Duration within, Duration every) {
        long deadline = nanoTime() + within.toNanos();
        T seen = look.get();
        while (!done.test(seen) && nanoTime() - deadline < 0) {
            pause(every);
            seen = look.get();
        }
        return seen;
    }
}
