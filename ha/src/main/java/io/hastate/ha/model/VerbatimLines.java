package io.hastate.ha.model;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * keepalived lines carried as they are written, where the pair model has no field for them: in a VRRP
 * instance (smtp_alert, track_interface, preempt_delay, garp settings...), in global_defs
 * (notification_email, smtp_server...), or at the top of the file (vrrp_sync_group, static_routes,
 * virtual_server...). Each line is one keyword with its values, or opens ({@code name {}) or closes
 * ({@code }}) a block; what the model writes itself is refused, so that one setting has one place.
 */
public enum VerbatimLines {
    INSTANCE("the pair's own fields say", 2, Set.of("state", "interface", "virtual_router_id", "priority", "advert_int", "nopreempt",
            "use_vmac", "vmac_xmit_base", "use_ipvlan", "authentication", "mcast_src_ip", "unicast_src_ip", "unicast_peer",
            "virtual_ipaddress")),
    GLOBAL_DEFS("the HA tree writes itself", 2, Set.of("router_id", "enable_script_security", "script_user", "vrrp_garp_master_delay",
            "vrrp_garp_master_refresh")),
    /** LVS checkers nest four deep (virtual_server, real_server, HTTP_GET, url). */
    TOP_LEVEL("the HA tree writes itself", 5, Set.of("vrrp_instance", "global_defs"));

    public static final String TRACK_SCRIPT = "track_script";
    /**
     * The instance keywords and blocks the HA tree writes from the model's own fields: track_script too,
     * from the checks, though an instance without checks may carry its own track_script as written.
     */
    public static final Set<String> MODELLED = union(INSTANCE.modelled, TRACK_SCRIPT);
    private static final Pattern KEYWORD = Pattern.compile("[a-zA-Z][A-Za-z0-9_]{0,63}");
    private static final int MAX_LINES = 1000;

    private final String whoSays;
    private final int maxDepth;
    private final Set<String> modelled;

    VerbatimLines(String whoSays, int maxDepth, Set<String> modelled) {
        this.whoSays = whoSays;
        this.maxDepth = maxDepth;
        this.modelled = modelled;
    }

    private static Set<String> union(Set<String> a, String b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.add(b);
        return Set.copyOf(out);
    }

    /** Whether {@code lines} open a track_script block at their top. */
    public static boolean tracksScripts(List<String> lines) {
        return lines.stream().anyMatch(l -> l.strip().split("\\s+")[0].equals(TRACK_SCRIPT));
    }

    /**
     * Whether {@code lines} make keepalived run a program: a notify line, a script line (of a vrrp_script
     * or a checker), or a tracked script; such programs must run under script security.
     */
    public static boolean runsScripts(List<String> lines) {
        return lines.stream().map(l -> l.strip().split("\\s+")[0])
                .anyMatch(k -> k.startsWith("notify") || k.equals("script") || k.equals("misc_path") || k.equals(TRACK_SCRIPT) || k.equals("vrrp_script"));
    }

    /** Why {@code lines} cannot go into a vrrp_instance block as they are, or null. */
    public static String problem(List<String> lines) {
        return INSTANCE.problemOf(lines);
    }

    /** Whether {@code lines} run a notify script (notify, notify_master...): scripts keepalived must run securely. */
    public static boolean notifies(List<String> lines) {
        return lines.stream().anyMatch(l -> l.strip().startsWith("notify"));
    }

    /** Whether the model writes {@code keyword} itself in this place. */
    public boolean modelled(String keyword) {
        return modelled.contains(keyword);
    }

    /** Why {@code lines} cannot go into this place as they are, or null. */
    public String problemOf(List<String> lines) {
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
            if (keyword.equals("include") || keyword.equals("@include")) return at + "includes another file, which hastate cannot check";
            if (depth == 0) {
                if (!KEYWORD.matcher(keyword).matches() || (this == INSTANCE && !keyword.equals(keyword.toLowerCase(java.util.Locale.ROOT)))) {
                    return at + "does not start with a keepalived keyword: '" + keyword + "'";
                }
                if (modelled.contains(keyword)) return at + "sets " + keyword + ", which " + whoSays;
            }
            if (opens && ++depth > maxDepth) return at + "nests blocks deeper than keepalived's keywords here do";
        }
        return depth == 0 ? null : "a block is not closed";
    }
}
