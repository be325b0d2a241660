package io.hastate.modules.sysctl;

import java.util.regex.Pattern;

/**
 * A kernel parameter name, as written in sysctl.d: dot-separated ({@code net.ipv4.conf.all.rp_filter}),
 * or slash-separated when a component contains dots ({@code net/ipv4/conf/eth0.100/rp_filter}).
 */
public record SysctlKey(String written) {
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_@-]+)+");
    private static final Pattern SLASHED = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_.@-]+)+");

    public static boolean isValid(String s) {
        return s != null && (DOTTED.matcher(s).matches() || SLASHED.matcher(s).matches()) && !s.contains("..");
    }

    /** The file under /proc/sys that holds the value. */
    public String procPath() {
        return "/proc/sys/" + (written.contains("/") ? written : written.replace('.', '/'));
    }

    /** The same key in slash form, for comparing keys however they were written. */
    public String canonical() {
        return written.contains("/") ? written : written.replace('.', '/');
    }

    /** The kernel separates multi-value entries with tabs; compare values as whitespace-separated words. */
    public static String normalize(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }
}
