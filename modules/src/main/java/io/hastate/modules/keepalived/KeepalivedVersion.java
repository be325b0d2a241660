package io.hastate.modules.keepalived;

import io.hastate.core.facts.Fact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The installed keepalived's version, from {@code keepalived --version}; null fields when it is not installed. */
record KeepalivedVersion(int major, int minor, int patch) implements Comparable<KeepalivedVersion> {
    private static final Pattern V = Pattern.compile("Keepalived v(\\d+)\\.(\\d+)\\.(\\d+)");

    static final Fact<KeepalivedVersion> FACT = new Fact<>("keepalived:version",
            "command -v keepalived >/dev/null && keepalived --version 2>&1 | head -1", (out, rc) -> {
        Matcher m = V.matcher(out);
        if (rc != 0 || !m.find()) return null;
        return new KeepalivedVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    });

    static KeepalivedVersion of(String text) {
        String[] p = text.split("\\.");
        return new KeepalivedVersion(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    boolean atLeast(String version) {
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
