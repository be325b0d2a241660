package io.hastate.watch;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One client's server-sent event stream, written without blocking: chunks wait in a short queue while a
 * write is under way, and a client that reads too slowly for the queue to drain is dropped, so that
 * no reader, however slow, holds a thread or memory of the server's.
 */
final class EventStream {
    /** What may wait for one client; a status page needs a few kilobytes. */
    static final int MAX_QUEUED_BYTES = 1024 * 1024;

    private final Response response;
    private final Callback done;
    private final Runnable onEnd;
    private final Deque<String> queued = new ArrayDeque<>();
    private int queuedBytes;
    private boolean writing;
    private boolean ended;

    EventStream(Response response, Callback done, Runnable onEnd) {
        this.response = response;
        this.done = done;
        this.onEnd = onEnd;
    }

    /** Queues {@code chunk}; a client whose queue is full is too slow and is dropped. */
    void send(String chunk) {
        synchronized (this) {
            if (ended) return;
            if (queuedBytes + chunk.length() > MAX_QUEUED_BYTES) {
                end(new IllegalStateException("the client reads too slowly"));
                return;
            }
            queued.addLast(chunk);
            queuedBytes += chunk.length();
            if (writing) return;
            writing = true;
        }
        writeNext();
    }

    private void writeNext() {
        String chunk;
        synchronized (this) {
            chunk = ended ? null : queued.pollFirst();
            if (chunk != null) queuedBytes -= chunk.length();
            if (chunk == null) {
                writing = false;
                return;
            }
        }
        response.write(false, ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)), Callback.from(this::writeNext, this::end));
    }

    /** Ends the stream: the client went away, was too slow, or the server stops. */
    void end(Throwable why) {
        synchronized (this) {
            if (ended) return;
            ended = true;
            queued.clear();
        }
        onEnd.run();
        done.failed(why);
    }
}
