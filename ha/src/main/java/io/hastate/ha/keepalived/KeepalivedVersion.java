package io.hastate.ha.keepalived;

import io.hastate.core.facts.Fact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The installed keepalived's version, from {@code keepalived --version}; null fields when it is not installed. */
public record KeepalivedVersion(int major, int minor, int patch) implements Comparable<KeepalivedVersion> {
    private static final Pattern V = Pattern.compile("Keepalived v(\\d+)\\.(\\d+)\\.(\\d+)");

    public static final Fact<KeepalivedVersion> FACT = new Fact<>("keepalived:version",
            "command -v keepalived >/dev/null && keepalived --version 2>&1 | head -1", (out, rc) -> {
        Matcher m = V.matcher(out);
        if (rc != 0 || !m.find()) return null;
        return new KeepalivedVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    });

    /** "2.2.7"; missing parts count as 0 ("2.2" is 2.2.0). */
    public static KeepalivedVersion of(String text) {
        int[] n = new int[3];
        String[] p = text.split("\\.");
        for (int i = 0; i < Math.min(3, p.length); i++) n[i] = Integer.parseInt(p[i]);
        return new KeepalivedVersion(n[0], n[1], n[2]);
    }

    public boolean atLeast(String version) {
        return compareTo(of(version)) >= 0;
    }

    @Override
    public int compareTo(KeepalivedVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
