package io.hastate.core.model;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * keepalived lines a VRRP instance carries as they are written (what the pair model does not say:
 * smtp_alert, track_interface, preempt_delay, garp settings...). Each line is one keyword with its
 * values, or opens ({@code name {}) or closes ({@code }}) a sub-block; what the model writes itself
 * is refused here, so that one setting has one place.
 */
public final class VerbatimLines {
    /** The instance keywords and blocks the HA tree writes from the model's own fields. */
    public static final Set<String> MODELLED = Set.of("state", "interface", "virtual_router_id", "priority", "advert_int", "nopreempt",
            "use_vmac", "vmac_xmit_base", "use_ipvlan", "authentication", "mcast_src_ip", "unicast_src_ip", "unicast_peer", "track_script",
            "virtual_ipaddress", "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify");
    private static final Pattern KEYWORD = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_LINES = 200;

    private VerbatimLines() {}

    /** Why {@code lines} cannot go into a vrrp_instance block as they are, or null. */
    public static String problem(List<String> lines) {
        if (lines.size() > MAX_LINES) return "at most " + MAX_LINES + " lines, got " + lines.size();
        int depth = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n) == null ? "" : lines.get(n).strip();
            String at = "line " + (n + 1) + " ";
            if (line.isEmpty() || line.length() > 255) return at + "must be 1-255 characters";
            if (!line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) return at + "must be printable ASCII on one line";
            if (line.indexOf('#') >= 0 || line.indexOf('!') >= 0) return at + "has '#' or '!', which keepalived reads as a comment";
            if (line.chars().filter(c -> c == '"').count() % 2 != 0) return at + "has an unclosed quote";
            if (line.equals("}")) {
                if (--depth < 0) return at + "closes a block that is not open";
                continue;
            }
            boolean opens = line.endsWith("{");
            String body = opens ? line.substring(0, line.length() - 1).strip() : line;
            if (body.indexOf('{') >= 0 || body.indexOf('}') >= 0) return at + "has a brace inside it (one block opens or closes per line)";
            String keyword = body.split("\\s+")[0];
            if (depth == 0) {
                if (!KEYWORD.matcher(keyword).matches()) return at + "does not start with a keepalived keyword: '" + keyword + "'";
                if (keyword.equals("include")) return at + "includes another file, which hastate cannot check";
                if (MODELLED.contains(keyword)) return at + "sets " + keyword + ", which the pair's own fields say";
            }
            if (opens && ++depth > 2) return at + "nests blocks deeper than keepalived's instance keywords do";
        }
        return depth == 0 ? null : "a block is not closed";
    }
}
