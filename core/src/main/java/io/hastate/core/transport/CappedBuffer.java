package io.hastate.core.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Collects a command's output up to a limit, so that a host printing without end cannot take the
 * controller's memory: past the limit the bytes are dropped and {@link #overflowed()} says so.
 */
public final class CappedBuffer extends OutputStream {
    /** Facts read whole files; nothing hastate manages comes near this. */
    public static final int STDOUT_LIMIT = 64 * 1024 * 1024;
    public static final int STDERR_LIMIT = 1024 * 1024;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int limit;
    private volatile boolean overflowed;

    public CappedBuffer(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (bytes.size() < limit) bytes.write(b);
        else overflowed = true;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, limit - bytes.size());
        bytes.write(b, off, Math.min(room, len));
        if (len > room) overflowed = true;
    }

    /** Reads {@code in} to its end or until the limit is passed, whichever comes first. */
    public void readFrom(InputStream in) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int n;
        while (!overflowed && (n = in.read(chunk)) >= 0) write(chunk, 0, n);
    }

    public boolean overflowed() {
        return overflowed;
    }

    public int limit() {
        return limit;
    }

    public synchronized byte[] toByteArray() {
        return bytes.toByteArray();
    }

    public synchronized String text() {
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
