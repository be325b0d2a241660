package io.hastate.ha.keepalived;

import io.hastate.core.model.Change;
import io.hastate.ha.model.VipOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the vrrp_instance blocks of any keepalived.conf (hand-written ones too) well enough to say
 * what differs at the instance and VIP level, which is what an operator reviews.
 */
final class KeepalivedConfText {
    /** One vrrp_instance: its simple keywords, its VIPs and unicast peers as sets, its password. */
    static final class InstanceView {
        final Map<String, String> keywords = new LinkedHashMap<>();
        final Set<String> vips = new LinkedHashSet<>();
        final Set<String> peers = new LinkedHashSet<>();
        /** The lines of the instance's other sub-blocks (track_script, virtual_routes, ...), by block. */
        final Map<String, List<String>> otherBlocks = new LinkedHashMap<>();
        /** Every line inside the instance, comments stripped, sub-blocks' braces included, in file order. */
        final List<String> body = new ArrayList<>();
        String authPass;
    }

    /** Sub-blocks of an instance read into their own fields (VIPs, peers, password), not kept as lines. */
    private static final Set<String> SEPARATELY_READ = Set.of("virtual_ipaddress", "unicast_peer", "authentication");

    private KeepalivedConfText() {}

    static Map<String, InstanceView> instances(String text) {
        Map<String, InstanceView> out = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        InstanceView current = null;
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) continue;
            if (line.endsWith("{")) {
                String head = line.substring(0, line.length() - 1).strip();
                if (current != null) current.body.add(line);
                stack.add(head);
                if (stack.size() == 1 && head.startsWith("vrrp_instance ")) {
                    current = new InstanceView();
                    out.put(head.substring("vrrp_instance ".length()).strip(), current);
                } else if (current != null && stack.size() == 2 && !SEPARATELY_READ.contains(head.split("\\s+")[0])) {
                    current.otherBlocks.computeIfAbsent(head.split("\\s+")[0], b -> new ArrayList<>());
                } else if (current != null && stack.size() > 2) {
                    // A block nested in a sub-block is part of that sub-block's lines.
                    current.otherBlocks.computeIfAbsent(stack.get(1).split("\\s+")[0], b -> new ArrayList<>()).add(line);
                }
                continue;
            }
            if (line.equals("}")) {
                if (current != null && stack.size() > 2) current.otherBlocks.get(stack.get(1).split("\\s+")[0]).add(line);
                if (!stack.isEmpty()) stack.remove(stack.size() - 1);
                if (stack.isEmpty() && current != null) {
                    withDefaults(current);
                    current = null;
                }
                if (current != null) current.body.add(line);
                continue;
            }
            if (current == null) continue;
            current.body.add(line);
            String block = stack.size() >= 2 ? stack.get(1).split("\\s+")[0] : null;
            String[] words = line.split("\\s+", 2);
            if (block == null) {
                current.keywords.put(words[0], words.length > 1 ? words[1].strip() : "");
                continue;
            }
            if (block.equals("virtual_ipaddress")) {
                current.vips.add(normalizeVip(line));
            } else if (block.equals("unicast_peer")) {
                current.peers.add(words[0]);
            } else if (block.equals("authentication")) {
                if (words[0].equals("auth_pass")) current.authPass = words.length > 1 ? words[1] : "";
            } else {
                current.otherBlocks.computeIfAbsent(block, b -> new ArrayList<>()).add(line);
            }
        }
        return out;
    }

    /**
     * What keepalived does when a keyword is left out, written in, so that two files that mean the same
     * compare equal: advert_int 1, priority 100, state BACKUP and in upper case, and each VIP on the instance's
     * interface unless it names a device or the instance has a device of its own (use_vmac, use_ipvlan).
     */
    private static void withDefaults(InstanceView v) {
        v.keywords.putIfAbsent("advert_int", "1");
        v.keywords.putIfAbsent("priority", "100");
        v.keywords.computeIfPresent("state", (k, s) -> s.toUpperCase(java.util.Locale.ROOT));
        // Without a state line an instance starts as BACKUP, as MASTER only when it owns the address (255).
        v.keywords.putIfAbsent("state", v.keywords.get("priority").equals("255") ? "MASTER" : "BACKUP");
        String iface = v.keywords.get("interface");
        if (iface == null || v.keywords.containsKey("use_vmac") || v.keywords.containsKey("use_ipvlan")) return;
        List<String> vips = new ArrayList<>(v.vips);
        v.vips.clear();
        for (String vip : vips) v.vips.add(vip.contains(" dev ") ? vip : normalizeVip(vip + " dev " + iface));
    }

    /**
     * The simple keywords of every top-level block {@code kind NAME {...}} (vrrp_script, global_defs),
     * by name ("" for a block without one); sub-blocks are left out.
     */
    static Map<String, Map<String, String>> topLevelBlocks(String text, String kind) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        int depth = 0;
        Map<String, String> current = null;
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) continue;
            if (line.endsWith("{")) {
                String[] head = line.substring(0, line.length() - 1).strip().split("\\s+", 2);
                if (depth == 0 && head[0].equals(kind)) {
                    current = new LinkedHashMap<>();
                    out.put(head.length > 1 ? head[1].strip() : "", current);
                }
                depth++;
                continue;
            }
            if (line.equals("}")) {
                depth = Math.max(0, depth - 1);
                if (depth == 0) current = null;
                continue;
            }
            if (current != null && depth == 1) {
                String[] words = line.split("\\s+", 2);
                current.put(words[0], words.length > 1 ? words[1].strip() : "");
            }
        }
        return out;
    }

    private static String lines(List<String> lines) {
        return lines.isEmpty() ? "(none)" : String.join(" / ", lines);
    }

    static String stripComment(String line) {
        int hash = line.indexOf('#');
        int bang = line.indexOf('!');
        int cut = hash < 0 ? bang : bang < 0 ? hash : Math.min(hash, bang);
        return cut < 0 ? line : line.substring(0, cut);
    }

    /** "10.0.0.1 dev eth0" and "10.0.0.1/32 dev eth0" are the same VIP, and so are its options in any order. */
    private static String normalizeVip(String line) {
        String[] words = line.split("\\s+");
        String addr = words[0].contains("/") ? words[0] : words[0] + (words[0].contains(":") ? "/128" : "/32");
        try {
            // The options in one order: "X label L dev D" and "X dev D label L" are the same VIP.
            String options = VipOptions.canonical(Arrays.asList(words).subList(1, words.length));
            return options.isEmpty() ? addr : addr + " " + options;
        } catch (IllegalArgumentException unknown) {
            // Options hastate does not know: compared as written.
        }
        StringBuilder sb = new StringBuilder(addr);
        for (int i = 1; i < words.length; i++) sb.append(' ').append(words[i]);
        return sb.toString();
    }

    /** Instance- and VIP-level changes from {@code before} to {@code after}; secrets never shown. */
    static List<Change> semanticChanges(String before, String after) {
        Map<String, InstanceView> a = instances(before);
        Map<String, InstanceView> b = instances(after);
        Map<String, Map<String, String>> scriptsA = topLevelBlocks(before, "vrrp_script");
        Map<String, Map<String, String>> scriptsB = topLevelBlocks(after, "vrrp_script");
        List<Change> out = new ArrayList<>();
        // Scripts run as the script user under script security: part of what a health check means.
        Map<String, String> globalsA = topLevelBlocks(before, "global_defs").getOrDefault("", Map.of());
        Map<String, String> globalsB = topLevelBlocks(after, "global_defs").getOrDefault("", Map.of());
        for (String k : List.of("enable_script_security", "script_user")) {
            if (!Objects.equals(globalsA.get(k), globalsB.get(k))) out.add(Change.of("global_defs " + k, show(globalsA.get(k)), show(globalsB.get(k))));
        }
        // What neither the model nor the checks above read: global_defs lines and top-level blocks, as written.
        FoundTopLevel topA = FoundTopLevel.in(before, scriptsA.keySet());
        FoundTopLevel topB = FoundTopLevel.in(after, scriptsB.keySet());
        if (!topA.globalDefs().equals(topB.globalDefs())) out.add(Change.of("global_defs lines", lines(topA.globalDefs()), lines(topB.globalDefs())));
        if (!topA.blocks().equals(topB.blocks())) out.add(Change.of("top-level blocks", lines(topA.blocks()), lines(topB.blocks())));
        for (String name : union(a.keySet(), b.keySet())) {
            InstanceView x = a.get(name);
            InstanceView y = b.get(name);
            String p = "instance " + name;
            if (x == null) {
                out.add(Change.of(p, null, "added (vrid " + y.keywords.get("virtual_router_id") + ", vips " + String.join(", ", y.vips) + ")"));
                continue;
            }
            if (y == null) {
                out.add(Change.of(p, "present", "removed"));
                continue;
            }
            for (String k : union(x.keywords.keySet(), y.keywords.keySet())) {
                String vx = x.keywords.get(k);
                String vy = y.keywords.get(k);
                if (!Objects.equals(vx, vy)) out.add(Change.of(p + " " + k, show(vx), show(vy)));
            }
            if (!x.vips.equals(y.vips)) out.add(Change.of(p + " vips", String.join(", ", x.vips), String.join(", ", y.vips)));
            if (!x.peers.equals(y.peers)) out.add(Change.of(p + " unicast_peer", String.join(", ", x.peers), String.join(", ", y.peers)));
            if (!Objects.equals(x.authPass, y.authPass)) out.add(new Change(p + " auth_pass", Change.HIDDEN, Change.HIDDEN, null, true));
            for (String block : union(x.otherBlocks.keySet(), y.otherBlocks.keySet())) {
                List<String> bx = x.otherBlocks.get(block);
                List<String> by = y.otherBlocks.get(block);
                if (block.equals("track_script")) {
                    // What the tracked scripts do, not what they are called.
                    bx = bx == null ? null : tracked(bx, scriptsA);
                    by = by == null ? null : tracked(by, scriptsB);
                }
                if (!Objects.equals(bx, by)) out.add(Change.of(p + " " + block, bx == null ? null : String.join(", ", bx), by == null ? null : String.join(", ", by)));
            }
        }
        return out;
    }

    /**
     * Each tracked script as what keepalived runs and how it judges it, keepalived's defaults written in
     * (interval 1, timeout the interval, fall 1, rise 1, weight 0), the instance's own weight winning; sorted.
     */
    private static List<String> tracked(List<String> lines, Map<String, Map<String, String>> scripts) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.split("\\s+");
            Map<String, String> k = scripts.get(words[0]);
            if (k == null) {
                out.add("undefined script " + words[0]);
                continue;
            }
            String script = k.getOrDefault("script", "");
            if (script.length() >= 2 && script.startsWith("\"") && script.endsWith("\"")) script = script.substring(1, script.length() - 1);
            String interval = k.getOrDefault("interval", "1");
            String weight = words.length >= 3 && words[1].equals("weight") ? String.join(" ", java.util.Arrays.copyOfRange(words, 2, words.length))
                    : k.getOrDefault("weight", "0");
            out.add("'" + script + "' interval " + interval + " timeout " + k.getOrDefault("timeout", interval) + " fall " + k.getOrDefault("fall", "1")
                    + " rise " + k.getOrDefault("rise", "1") + " weight " + weight + (k.containsKey("user") ? " user " + k.get("user") : ""));
        }
        out.sort(null);
        return out;
    }

    private static String show(String v) {
        return v == null ? null : v.isEmpty() ? "(set)" : v;
    }

    private static List<String> union(Collection<String> x, Collection<String> y) {
        Set<String> all = new LinkedHashSet<>(x);
        all.addAll(y);
        return new ArrayList<>(all);
    }
}
