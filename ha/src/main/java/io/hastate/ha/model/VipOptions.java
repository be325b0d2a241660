package io.hastate.ha.model;

import io.hastate.core.model.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What keepalived lets a VIP line say after the address ({@code 10.0.0.5/32 dev eth1 label eth1:web}),
 * read and written in one order so that two lines that mean the same are the same text. Only the
 * options keepalived documents for virtual_ipaddress are known; anything else is bad input.
 */
public final class VipOptions {
    private VipOptions() {}

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");
    private static final List<String> SCOPES = List.of("host", "link", "site", "global", "nowhere");
    /** Options that take a value, with what the value must look like. */
    private static final Map<String, String> VALUED = Map.of(
            "dev", "an interface name",
            "label", "a label of 1-15 characters (letters, digits, _ . : @ -)",
            "scope", "host, link, site, global, nowhere or a number",
            "brd", "an address",
            "broadcast", "an address",
            "preferred_lft", "forever or a number of seconds",
            "track_group", "a name");
    private static final List<String> FLAGS = List.of("no_track", "home", "-nodad", "nodad", "noprefixroute", "autojoin");

    /**
     * The options in {@code words} in their canonical order (valued options by keyword, then flags), or
     * an exception naming the first word that is not one.
     */
    public static String canonical(List<String> words) {
        Map<String, String> valued = new TreeMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (FLAGS.contains(w)) {
                if (!flags.contains(w)) flags.add(w);
                continue;
            }
            String kind = VALUED.get(w);
            if (kind == null) {
                throw new IllegalArgumentException("'" + w + "' is not a VIP option keepalived knows (" + String.join(", ", VALUED.keySet().stream().sorted().toList())
                        + ", " + String.join(", ", FLAGS) + ")");
            }
            if (i + 1 >= words.size()) throw new IllegalArgumentException("VIP option " + w + " needs " + kind);
            String value = words.get(++i);
            if (!valid(w, value)) throw new IllegalArgumentException("VIP option " + w + " needs " + kind + ", not '" + value + "'");
            if (valued.put(w, value) != null) throw new IllegalArgumentException("VIP option " + w + " is given twice");
        }
        flags.sort(null);
        StringBuilder out = new StringBuilder();
        valued.forEach((k, v) -> out.append(out.isEmpty() ? "" : " ").append(k).append(' ').append(v));
        for (String f : flags) out.append(out.isEmpty() ? "" : " ").append(f);
        return out.toString();
    }

    private static boolean valid(String option, String value) {
        if (!WORD.matcher(value).matches()) return false;
        return switch (option) {
            case "dev" -> Names.isInterfaceName(value);
            case "label" -> value.length() <= 15;
            case "scope" -> SCOPES.contains(value) || value.matches("\\d{1,3}");
            case "brd", "broadcast" -> Names.isIp(value);
            case "preferred_lft" -> value.equals("forever") || value.matches("\\d{1,10}");
            default -> true;
        };
    }

    /** The device {@code options} name (its {@code dev}), or null. */
    public static String dev(String options) {
        String[] w = options.isEmpty() ? new String[0] : options.split(" ");
        for (int i = 0; i + 1 < w.length; i++) if (w[i].equals("dev")) return w[i + 1];
        return null;
    }

    /** {@code options} without their {@code dev}. */
    public static String withoutDev(String options) {
        List<String> out = new ArrayList<>();
        String[] w = options.isEmpty() ? new String[0] : options.split(" ");
        for (int i = 0; i < w.length; i++) {
            if (w[i].equals("dev") && i + 1 < w.length) i++;
            else out.add(w[i]);
        }
        return String.join(" ", out);
    }
}
