package io.hastate.core.time;

import io.hastate.core.testing.FakeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting on a condition with time injected: looks until done or out of time, and an interrupt ends it one way. */
@Timeout(10)
class WaiterTest {
    @Test
    void looksUntilDoneOrTheTimeIsOut() {
        FakeTime time = new FakeTime();
        AtomicInteger looks = new AtomicInteger();
        int seen = time.waiter().until(looks::incrementAndGet, n -> n == 3, Duration.ofSeconds(7), Duration.ofMillis(100));
        assertEquals(3, seen);
        assertEquals(Duration.ofMillis(200), time.slept(), "two pauses between three looks");

        FakeTime out = new FakeTime();
        int last = out.waiter().until(() -> 0, n -> n == 1, Duration.ofSeconds(7), Duration.ofMillis(100));
        assertEquals(0, last, "never done: the last look is returned");
        assertEquals(Duration.ofSeconds(7), out.slept(), "it waited exactly the whole time");
    }

    @Test
    void anInterruptedWaitSetsTheFlagAndThrows() {
        Waiter waiter = new Waiter(System::nanoTime, d -> { throw new InterruptedException(); });
        assertThrows(Waiter.Interrupted.class, () -> waiter.pause(Duration.ofSeconds(1)));
        assertTrue(Thread.interrupted(), "the flag is set again (and cleared here)");
    }
}
