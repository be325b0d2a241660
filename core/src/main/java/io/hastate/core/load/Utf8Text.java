package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes a file strictly: invalid UTF-8 and control characters are refused with the line they are on. */
final class Utf8Text {
    private Utf8Text() {}

    /** Hand-written files have no such lines; the YAML parser would spend seconds on one. */
    static final int MAX_LINE = 64 * 1024;

    static String decode(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw new InvalidInputException(new Location(source, lineAt(bytes, in.position())), "not valid UTF-8 (byte " + (in.position() + 1) + ")");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (i - lineStart > MAX_LINE) {
                throw new InvalidInputException(new Location(source, line), "line longer than " + MAX_LINE + " characters");
            }
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            }
            else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
                throw new InvalidInputException(new Location(source, line), String.format("control character \\x%02x", (int) c));
            }
        }
        return text;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) if (bytes[i] == '\n') line++;
        return line;
    }
}
