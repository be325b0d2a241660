package io.hastate.core.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads one short line byte by byte, leaving the rest of the stream unread. */
public final class FirstLine {
    private FirstLine() {}

    private static final int LIMIT = 4096;

    /** The first line without its newline, or null when the stream ends first. */
    public static String read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') return line.toString(StandardCharsets.UTF_8);
            if (line.size() < LIMIT) line.write(b);
        }
        return null;
    }
}
