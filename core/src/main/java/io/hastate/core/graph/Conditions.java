package io.hastate.core.graph;

import java.util.Arrays;
import java.util.Locale;

/**
 * The rendered text of a {@code when:} argument: {@code true}/{@code false} (or yes/no), {@code A == B},
 * {@code A != B}, or {@code A in [x, y]}. Anything else is an error, so a typo never silently
 * switches a state off.
 */
public final class Conditions {
    private Conditions() {}

    public static boolean evaluate(String text) {
        String t = text.strip();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> { return true; }
            case "false", "no", "off" -> { return false; }
            default -> { }
        }
        int eq = t.indexOf("==");
        if (eq > 0) return t.substring(0, eq).strip().equals(t.substring(eq + 2).strip());
        int ne = t.indexOf("!=");
        if (ne > 0) return !t.substring(0, ne).strip().equals(t.substring(ne + 2).strip());
        int in = t.indexOf(" in ");
        if (in > 0) {
            String value = t.substring(0, in).strip();
            String list = t.substring(in + 4).strip();
            if (list.startsWith("[") && list.endsWith("]")) list = list.substring(1, list.length() - 1);
            return Arrays.stream(list.split(",")).map(String::strip).anyMatch(value::equals);
        }
        throw new IllegalArgumentException("cannot read condition '" + t + "': use true/false, A == B, A != B or A in [x, y]");
    }
}
