package io.hastate.core.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The standard error of a command run through {@code sudo -S} with a password: it tells the sender
 * when sudo asks (its prompt, unique to hastate) and when the command itself has started (a marker
 * line the command prints first). The password is sent only when asked for, so a NOPASSWD rule never
 * makes it the command's input; what the command writes after the marker goes on to {@code after}.
 */
final class SudoGate extends OutputStream {
    enum Event { ASKED, PASSED }

    static final String PROMPT = "[hastate-sudo-password]";
    static final String MARKER = "[hastate-sudo-passed]";

    private final OutputStream after;
    private final ByteArrayOutputStream before = new ByteArrayOutputStream();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private boolean open;

    SudoGate(OutputStream after) {
        this.after = after;
    }

    /** The command as sudo runs it: the marker first, then {@code command}. */
    static String marked(String command) {
        return "printf '%s\\n' '" + MARKER + "' >&2; exec " + command;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (open) {
            after.write(b);
            return;
        }
        before.write(b);
        String seen = before.toString(StandardCharsets.UTF_8);
        if (seen.endsWith(PROMPT)) {
            keep(seen.substring(0, seen.length() - PROMPT.length()));
            events.add(Event.ASKED);
        } else if (seen.endsWith(MARKER + "\n")) {
            keep(seen.substring(0, seen.length() - MARKER.length() - 1));
            open = true;
            events.add(Event.PASSED);
        }
    }

    /** What sudo said before (a lecture, "Sorry, try again.") stays in the command's error output. */
    private void keep(String text) throws IOException {
        after.write(text.getBytes(StandardCharsets.UTF_8));
        before.reset();
    }

    @Override
    public synchronized void flush() throws IOException {
        after.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!open && before.size() > 0) keep(before.toString(StandardCharsets.UTF_8));
        after.close();
    }

    /** The next thing sudo did, or null when nothing happened within {@code millis}. */
    Event next(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }
}
