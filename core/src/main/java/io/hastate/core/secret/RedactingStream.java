package io.hastate.core.secret;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An output stream that passes on whole lines, each masked by a {@link Redactor}. */
public final class RedactingStream extends OutputStream {
    private final OutputStream out;
    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public RedactingStream(OutputStream out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') emit();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    /** A flush passes on a partial line too (a prompt, a progress line). */
    @Override
    public synchronized void flush() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }

    private void emit() throws IOException {
        if (line.size() == 0) return;
        out.write(redactor.redact(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        line.reset();
    }
}
