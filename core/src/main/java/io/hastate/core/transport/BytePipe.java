package io.hastate.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Bytes written by one thread (an SSH session's reader) for another to read, whichever threads those
 * are over time. The JDK's piped streams remember the last reading thread and break once it has ended,
 * which a command held for hours and read by a different pool thread each round cannot live with.
 * A writer finding the buffer full waits for the reader, as a pipe does.
 */
public final class BytePipe {
    private final byte[] ring;
    private int start;
    private int size;
    private boolean closed;

    public BytePipe(int capacity) {
        this.ring = new byte[capacity];
    }

    private final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (BytePipe.this) {
                while (len > 0) {
                    while (size == ring.length && !closed) await();
                    if (closed) throw new IOException("the pipe's reader is gone");
                    int n = Math.min(len, ring.length - size);
                    for (int i = 0; i < n; i++) ring[(start + size + i) % ring.length] = b[off + i];
                    size += n;
                    off += n;
                    len -= n;
                    BytePipe.this.notifyAll();
                }
            }
        }

        @Override
        public void close() {
            BytePipe.this.close();
        }
    };

    private final InputStream source = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            synchronized (BytePipe.this) {
                while (size == 0 && !closed) await();
                if (size == 0) return -1;
                int n = Math.min(len, size);
                for (int i = 0; i < n; i++) b[off + i] = ring[(start + i) % ring.length];
                start = (start + n) % ring.length;
                size -= n;
                BytePipe.this.notifyAll();
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (BytePipe.this) {
                return size;
            }
        }

        @Override
        public void close() {
            BytePipe.this.close();
        }
    };

    /** Where the writer puts bytes; closing it ends the stream once the reader has what was written. */
    public OutputStream sink() {
        return sink;
    }

    public InputStream source() {
        return source;
    }

    private synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on a pipe");
        }
    }
}
