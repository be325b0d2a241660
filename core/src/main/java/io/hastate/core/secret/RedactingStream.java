package io.hastate.core.secret;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** An output stream (for System.out and System.err) that hands whole UTF-8 lines to a {@link RedactingWriter}. */
public final class RedactingStream extends OutputStream {
    private final Writer lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public RedactingStream(OutputStream out, Redactor redactor) {
        this.lines = new RedactingWriter(new io.hastate.core.text.TerminalSafeWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), redactor);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') decode();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    /** A flush passes on a partial line too (a prompt, a progress line). */
    @Override
    public synchronized void flush() throws IOException {
        decode();
        lines.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        decode();
        lines.close();
    }

    private void decode() throws IOException {
        if (line.size() == 0) return;
        lines.write(line.toString(StandardCharsets.UTF_8));
        line.reset();
    }
}
