package io.hastate.core.text;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that shows no control sequence it is given but colours: whatever a host sent (a file's
 * content in a diff, a journal line) cannot move the cursor, clear the screen or retitle the terminal.
 * It is meant to receive whole lines, as {@code RedactingWriter} passes them.
 */
public final class TerminalSafeWriter extends Writer {
    private final Writer out;

    public TerminalSafeWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        out.write(Printable.terminal(new String(buf, off, len)));
    }

    @Override
    public void write(String text, int off, int len) throws IOException {
        out.write(Printable.terminal(text.substring(off, off + len)));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
