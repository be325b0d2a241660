package io.hastate.core.secret;

import java.io.IOException;
import java.io.Writer;

/** A writer that passes on whole lines, each masked by a {@link Redactor}. */
public final class RedactingWriter extends Writer {
    private final Writer out;
    private final Redactor redactor;
    private final StringBuilder line = new StringBuilder();

    public RedactingWriter(Writer out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            line.append(buf[i]);
            if (buf[i] == '\n') emit();
        }
    }

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
        if (line.length() == 0) return;
        out.write(redactor.redact(line.toString()));
        line.setLength(0);
    }
}
