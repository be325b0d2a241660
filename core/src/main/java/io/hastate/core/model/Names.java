package io.hastate.core.model;

import java.util.regex.Pattern;

/** Syntax checks for names and addresses that end up in shell commands and config files. */
public final class Names {
    private Names() {}

    // Linux allows up to 15 bytes and forbids '/', ':' and whitespace; we also refuse shell metacharacters.
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,14}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    public static boolean isInterfaceName(String s) {
        return s != null && IFACE.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    /** Names of hosts, groups and pairs: they are used in --limit, file names and reports. */
    public static boolean isIdentifier(String s) {
        return s != null && ID.matcher(s).matches();
    }

    public static boolean isIPv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
            if (p.length() > 1 && p.charAt(0) == '0') return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    public static boolean isIPv6(String s) {
        if (s == null || !s.contains(":") || s.length() > 45) return false;
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) return false;
        String body = s;
        int groupsNeeded = 8;
        int lastColon = s.lastIndexOf(':');
        String tail = s.substring(lastColon + 1);
        if (tail.contains(".")) {
            if (!isIPv4(tail)) return false;
            body = s.substring(0, lastColon + 1) + "0:0";
        }
        String[] groups = body.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) continue;
            if (g.length() > 4 || !g.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
            count++;
        }
        if (doubleColon >= 0) return count < groupsNeeded;
        return count == groupsNeeded && groups.length == groupsNeeded;
    }

    public static boolean isIp(String s) {
        return s != null && (isIPv4(s) || isIPv6(s));
    }

    /** {@code A.B.C.D/N}, N from 0 to 32, nothing else. */
    public static boolean isIPv4Cidr(String s) {
        return isCidr(s, 32) && isIPv4(s.substring(0, s.indexOf('/')));
    }

    /** An IPv6 address, a slash and a prefix from 0 to 128, nothing else. */
    public static boolean isIPv6Cidr(String s) {
        return isCidr(s, 128) && isIPv6(s.substring(0, s.indexOf('/')));
    }

    private static boolean isCidr(String s, int maxPrefix) {
        if (s == null) return false;
        int slash = s.indexOf('/');
        if (slash <= 0 || slash != s.lastIndexOf('/')) return false;
        String p = s.substring(slash + 1);
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        return Integer.parseInt(p) <= maxPrefix;
    }

    public static boolean isHostAddress(String s) {
        return s != null && s.length() <= 253 && (isIp(s) || HOSTNAME.matcher(s).matches());
    }
}
