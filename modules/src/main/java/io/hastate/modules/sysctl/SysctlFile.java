package io.hastate.modules.sysctl;

import java.util.ArrayList;
import java.util.List;

/** Reads and edits sysctl.d text (sysctl.d(5)): {@code key = value} lines, # and ; comments. */
final class SysctlFile {
    private SysctlFile() {}

    private static String keyOf(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith(";") || !t.contains("=")) return null;
        String k = t.substring(0, t.indexOf('=')).strip();
        if (k.startsWith("-")) k = k.substring(1);
        return new SysctlKey(k).canonical();
    }

    /** The value the file sets for {@code key} (the last line wins, as in sysctl), or null. */
    static String valueOf(String text, SysctlKey key) {
        String found = null;
        for (String line : text.split("\n")) {
            if (key.canonical().equals(keyOf(line))) {
                found = SysctlKey.normalize(line.substring(line.indexOf('=') + 1));
            }
        }
        return found;
    }

    /** The text with every line for {@code key} replaced by one {@code key = value} line. */
    static String withValue(String text, SysctlKey key, String value) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!key.canonical().equals(keyOf(line))) out.add(line);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        out.add(key.written() + " = " + value);
        return String.join("\n", out) + "\n";
    }
}
