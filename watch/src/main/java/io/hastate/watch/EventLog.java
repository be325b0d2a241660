package io.hastate.watch;

import io.hastate.core.secret.Redactor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** The recent events in order (the last 10,000), and who hears of each one as it happens. */
final class EventLog {
    private static final int KEEP = 10_000;
    private final Deque<WatchEvent> events = new ArrayDeque<>();
    private final List<Consumer<WatchEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    EventLog(List<Consumer<WatchEvent>> listeners) {
        this.listeners.addAll(listeners);
    }

    /** Hears of every event from now on until the returned handle is run. */
    Runnable subscribe(Consumer<WatchEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void add(List<WatchEvent> happened) {
        for (WatchEvent raw : happened) {
            // Every way out (the log, the history, alerts, HTTP) gets the event with known secrets masked.
            WatchEvent e = new WatchEvent(raw.at(), raw.kind(), raw.pair(), raw.host(), Redactor.OUTPUT.redact(raw.detail()));
            synchronized (events) {
                events.addLast(e);
                if (events.size() > KEEP) events.removeFirst();
            }
            for (Consumer<WatchEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException trouble) {
                    // One way out failing (the history's database gone) must not stop the watch or the others.
                    complain(trouble);
                }
            }
        }
    }

    private final java.util.Set<String> told = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void complain(RuntimeException trouble) {
        String why = String.valueOf(trouble.getMessage());
        if (told.add(why)) System.err.println("hastate watch: an event could not be passed on: " + Redactor.OUTPUT.redact(why));
    }

    /** The events at or after {@code since}, oldest first. */
    List<WatchEvent> since(Instant since) {
        synchronized (events) {
            List<WatchEvent> out = new ArrayList<>();
            for (WatchEvent e : events) if (!e.at().isBefore(since)) out.add(e);
            return out;
        }
    }
}
