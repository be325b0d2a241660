package io.hastate.core.text;

/**
 * Text that came from a host (a file's content, a name, a journal line), made harmless where it is
 * shown: a terminal must not take it for control sequences, and a YAML comment must stay one line.
 */
public final class Printable {
    private Printable() {}

    /**
     * For a terminal: line breaks and tabs kept, and colour (SGR) sequences, the only ones hastate
     * itself writes; every other control character (C0, DEL, C1) and every invisible formatting
     * character (bidirectional overrides, U+2028/U+2029) shown as a {@code \\uXXXX} escape, which also
     * keeps a JSON document valid and meaning the same.
     */
    public static String terminal(String text) {
        if (text == null || isPlain(text)) return text;
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            int colour = c == 0x1b ? colourEnd(text, i) : -1;
            if (colour > 0) {
                sb.append(text, i, colour);
                i = colour;
                continue;
            }
            if (c == '\n' || c == '\t' || !isHidden(c)) sb.appendCodePoint(c);
            else sb.append(c < 0x10000 ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
            i += Character.charCount(c);
        }
        return sb.toString();
    }

    /** Where an SGR sequence (ESC [ digits and ';' m) starting at {@code at} ends, or -1. */
    private static int colourEnd(String text, int at) {
        if (at + 2 >= text.length() || text.charAt(at + 1) != '[') return -1;
        for (int j = at + 2; j < text.length() && j < at + 20; j++) {
            char c = text.charAt(j);
            if (c == 'm') return j + 1;
            if ((c < '0' || c > '9') && c != ';') return -1;
        }
        return -1;
    }

    /** For one line of a comment or a log: printable ASCII only, everything else (line breaks too) escaped. */
    public static String asciiLine(String text) {
        if (text == null) return "";
        StringBuilder sb = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) sb.appendCodePoint(c);
            else escape(sb, c);
        });
        return sb.toString();
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f) return false;
        }
        return true;
    }

    private static boolean isHidden(int c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR;
    }

    private static void escape(StringBuilder sb, int c) {
        if (c == '\n') sb.append("\\n");
        else if (c == '\r') sb.append("\\r");
        else if (c == '\t') sb.append("\\t");
        else if (c < 0x100) sb.append(String.format("\\x%02x", c));
        else if (c < 0x10000) sb.append(String.format("\\u%04x", c));
        else sb.append(String.format("\\U%08x", c));
    }
}
