package io.hastate.ha.keepalived;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A vrrp_script as found in a keepalived.conf hastate did not write: its name and its keywords as written. */
public record FoundScript(String name, Map<String, String> keywords) {

    /** Every vrrp_script of {@code text}, in file order. */
    public static List<FoundScript> in(String text) {
        List<FoundScript> out = new ArrayList<>();
        KeepalivedConfText.topLevelBlocks(text, "vrrp_script").forEach((name, keywords) -> out.add(new FoundScript(name, Map.copyOf(keywords))));
        return out;
    }

    /** The keywords of the file's global_defs block (empty when it has none). */
    public static Map<String, String> globalDefs(String text) {
        return Map.copyOf(KeepalivedConfText.topLevelBlocks(text, "global_defs").getOrDefault("", Map.of()));
    }

    /** The command keepalived runs, without the quotes around it; null when the block has none. */
    public String script() {
        String s = keywords.get("script");
        if (s == null) return null;
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    public String keyword(String key) {
        return keywords.get(key);
    }
}
