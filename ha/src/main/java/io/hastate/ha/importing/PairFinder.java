package io.hastate.ha.importing;

import io.hastate.core.model.Names;
import io.hastate.core.text.Printable;
import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.importing.PairImport.Match;
import io.hastate.ha.importing.PairImport.Sighting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises pairs among hosts configured without hastate: two hosts whose keepalived.conf each have a
 * vrrp_instance with the same VRID, interface and VIPs. The instances two hosts share make one pair
 * (several: active/active, IPv4 and IPv6), put in the inventory's terms, and every way the HA tree's
 * keepalived.conf would differ in meaning from what the hosts run is named. What cannot be a pair (one
 * host, three hosts, different passwords) is a note, never a guess.
 */
public final class PairFinder {
    /** The pairs found, and a note for everything that was read but not imported. */
    public record Result(List<ImportedPair> pairs, List<String> notes) {}

    private PairFinder() {}

    /** {@code taken}: names the inventory already uses (hosts, groups), which a pair may not take. */
    public static Result find(List<HostFindings> hosts, Set<String> taken) {
        List<String> notes = new ArrayList<>();
        Map<String, List<Sighting>> byKey = new LinkedHashMap<>();
        for (HostFindings h : hosts) {
            if (h.problem() != null) {
                notes.add(h.host() + ": " + h.problem());
                continue;
            }
            if (h.instances().isEmpty()) notes.add(h.host() + ": keepalived.conf has no vrrp_instance");
            for (FoundInstance i : h.instances()) {
                String invalid = notAsKeepalivedWrites(i);
                if (invalid != null) {
                    notes.add(h.host() + ": instance " + Printable.asciiLine(i.name()) + ": " + invalid + "; not imported");
                    continue;
                }
                String key = i.vrid() + " " + i.iface() + " " + String.join(",", i.vipCidrs());
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Sighting(h, i));
            }
        }
        // The instances two hosts share, by the two hosts (in the order first seen).
        Map<String, List<Match>> byHosts = new LinkedHashMap<>();
        for (List<Sighting> group : byKey.values()) {
            String what = what(group.get(0).instance());
            List<String> hostNames = group.stream().map(s -> s.host().host()).toList();
            if (group.size() == 1) {
                notes.add(hostNames.get(0) + ": " + what + " has no peer among the hosts read; not imported");
            } else if (group.size() > 2) {
                notes.add(what + " is on " + group.size() + " hosts (" + String.join(", ", hostNames) + "): a pair has two; not imported");
            } else if (hostNames.get(0).equals(hostNames.get(1))) {
                notes.add(hostNames.get(0) + ": " + what + " appears twice in its keepalived.conf; not imported");
            } else {
                String why = refusal(group);
                if (why != null) {
                    notes.add(what + " on " + String.join(" and ", hostNames) + ": " + why + "; not imported");
                    continue;
                }
                String hostsKey = String.join("\n", hostNames.stream().sorted().toList());
                byHosts.computeIfAbsent(hostsKey, k -> new ArrayList<>()).add(match(group));
            }
        }
        List<ImportedPair> pairs = new ArrayList<>();
        // A host in several pairs runs one keepalived.conf, each interface protected one way: the first pair's way.
        Map<String, Map<String, OneKeepalived>> paired = new LinkedHashMap<>();
        Set<FoundInstance> imported = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<String> names = new HashSet<>(taken);
        for (List<Match> shared : byHosts.values()) {
            Match first = shared.get(0);
            List<String> hostNames = first.both().stream().map(s -> s.host().host()).toList();
            String on = " on " + String.join(" and ", hostNames) + ": ";
            String iface = first.hi().instance().iface();
            List<Match> kept = new ArrayList<>();
            for (Match m : shared) {
                String why = clash(m, paired);
                if (why == null && m.unicast() && !m.hi().instance().iface().equals(iface)) {
                    why = "it sends unicast adverts on " + m.hi().instance().iface() + ", and a pair's unicast instances are on its first instance's interface (" + iface + ")";
                }
                if (why == null) why = ipv6Refusal(m, first);
                if (why != null) notes.add(what(m.hi().instance()) + on + why + "; not imported");
                else kept.add(m);
            }
            if (kept.isEmpty()) continue;
            ImportedPair pair = PairImport.of(kept, names);
            names.add(pair.name());
            for (Sighting s : first.both()) {
                pair.protections().forEach((i, protection) -> paired.computeIfAbsent(s.host().host(), h -> new LinkedHashMap<>())
                        .putIfAbsent(i, new OneKeepalived(pair.name(), i, protection)));
            }
            kept.forEach(m -> m.both().forEach(s -> imported.add(s.instance())));
            pairs.add(pair);
        }
        // The HA tree writes a host's keepalived.conf from its pairs: any other instance of a paired host would go.
        for (HostFindings h : hosts) {
            if (!paired.containsKey(h.host())) continue;
            List<String> its = pairs.stream().filter(p -> p.nodes().stream().anyMatch(n -> n.host().equals(h.host()))).map(ImportedPair::name).toList();
            for (FoundInstance i : h.instances()) {
                if (imported.contains(i)) continue;
                notes.add(h.host() + ": instance " + Printable.asciiLine(i.name()) + " (VRID " + i.vrid() + ") is not part of " + (its.size() == 1 ? "pair " : "pairs ")
                        + String.join(", ", its) + ": the HA tree writes only the instances of the host's pairs, so apply would remove it");
            }
        }
        return new Result(pairs, notes);
    }

    /** The interface and protection a host's first imported pair gave it. */
    private record OneKeepalived(String pair, String iface, String protection) {}

    /** Why an instance cannot join a host that an earlier pair already protects another way on its interface; null when it can. */
    private static String clash(Match m, Map<String, Map<String, OneKeepalived>> paired) {
        for (Sighting s : m.both()) {
            OneKeepalived earlier = paired.getOrDefault(s.host().host(), Map.of()).get(s.instance().iface());
            String protection = s.host().protection(s.instance());
            if (earlier != null && !earlier.protection().equals(protection)) {
                return s.host().host() + " is already in pair " + earlier.pair() + " on " + earlier.iface() + " (" + earlier.protection()
                        + "), and an interface is protected one way; here it is " + protection;
            }
            for (OneKeepalived other : paired.getOrDefault(s.host().host(), Map.of()).values()) {
                if (other.protection().equals("ifupdown") != protection.equals("ifupdown")) {
                    return s.host().host() + " is already in pair " + other.pair() + " on " + other.iface() + " (" + other.protection() + "), and ifupdown"
                            + " takes a host off networkd, so it protects all of its interfaces or none; here it is " + protection;
                }
            }
        }
        return null;
    }

    private static String what(FoundInstance i) {
        return "instance " + i.name() + " (VRID " + i.vrid() + " on " + i.iface() + ", " + String.join(", ", i.vipCidrs()) + ")";
    }

    /** The higher priority first: it is the node keepalived elects, and its settings win a disagreement. */
    private static Match match(List<Sighting> group) {
        List<Sighting> byPriority = group.stream().sorted(Comparator.comparingInt((Sighting s) -> -PairImport.priority(s.instance()))
                .thenComparing(s -> s.host().host())).toList();
        return new Match(byPriority.get(0), byPriority.get(1));
    }

    /** An IPv6 instance hastate cannot write yet: unicast adverts, or a protection other than keep-configuration or none. */
    private static String ipv6Refusal(Match m, Match first) {
        if (!m.ipv6()) return null;
        if (m.unicast()) return "it is an IPv6 instance with unicast adverts, which hastate does not write yet";
        String protection = first.hi().host().protection(first.hi().instance());
        if (!List.of("keep-configuration", "none").contains(protection)) {
            return "it is an IPv6 instance and the pair's protection is " + protection + " (IPv6 VIPs take keep-configuration or none)";
        }
        return null;
    }

    /** keepalived's own tokens: no whitespace, quotes, braces or comment signs, printable ASCII. */
    private static final Pattern KEEPALIVED_NAME = Pattern.compile("[A-Za-z0-9_@.:/+-][A-Za-z0-9_@.:/+=,%~-]{0,63}");
    private static final Pattern KEYWORD = Pattern.compile("@?[A-Za-z0-9_.-]{1,64}");

    /**
     * Why a host's instance is not what keepalived itself would read (so cannot be imported), or null.
     * A keepalived.conf is the host's input: every value kept from it is checked to be what it claims.
     */
    static String notAsKeepalivedWrites(FoundInstance i) {
        if (!KEEPALIVED_NAME.matcher(i.name()).matches()) {
            return "its name is not a keepalived name (1-64 printable ASCII characters, no spaces, quotes, braces, '#' or '!')";
        }
        if (i.iface() == null) return "it has no interface";
        if (!Names.isInterfaceName(i.iface())) return "its interface " + Printable.asciiLine(i.iface()) + " is not a valid interface name";
        for (String k : i.keywords().keySet()) {
            if (!KEYWORD.matcher(k).matches()) return "it has a keyword that is not a keepalived keyword (" + Printable.asciiLine(k) + ")";
        }
        for (String k : i.unmodelled()) {
            if (!KEYWORD.matcher(k).matches()) return "it has a block that is not a keepalived keyword (" + Printable.asciiLine(k) + ")";
        }
        for (String vip : i.vips()) {
            String[] words = vip.split("\\s+");
            for (int w = 1; w < words.length; w++) {
                if (!words[w].equals("dev")) continue;
                if (w + 1 >= words.length || !Names.isInterfaceName(words[w + 1])) {
                    return "VIP " + Printable.asciiLine(words[0]) + " names a device that is not a valid interface name";
                }
            }
        }
        return null;
    }

    /** Why two matching instances cannot become one hastate pair, or null. */
    private static String refusal(List<Sighting> group) {
        FoundInstance a = group.get(0).instance();
        FoundInstance b = group.get(1).instance();
        if (a.vrid() < 1 || a.vrid() > 255) return "its virtual_router_id is not 1-255";
        if (!Names.isInterfaceName(a.iface())) return "its interface is not a valid name";
        if (!Objects.equals(a.authPass(), b.authPass())) return "the two nodes have different auth_pass (they do not form a pair: each would be MASTER)";
        for (FoundInstance i : List.of(a, b)) {
            if (!isInt(i.keyword("priority"), 1, 254)) return "priority " + i.keyword("priority") + " is not 1-254";
            if (!isInt(i.keyword("advert_int"), 1, 255)) return "advert_int " + i.keyword("advert_int") + " is not a whole number of seconds 1-255 (hastate has no sub-second adverts)";
            for (String key : List.of("mcast_src_ip", "unicast_src_ip")) {
                if (i.keyword(key) != null && !Names.isIp(i.keyword(key))) return key + " " + i.keyword(key) + " is not an IP address";
            }
            for (String peer : i.unicastPeers()) if (!Names.isIp(peer)) return "unicast_peer " + peer + " is not an IP address";
            if (!List.of("MASTER", "BACKUP").contains(i.keyword("state") == null ? "BACKUP" : i.keyword("state"))) return "state " + i.keyword("state") + " is neither MASTER nor BACKUP";
        }
        if (Integer.parseInt(a.keyword("priority")) == Integer.parseInt(b.keyword("priority"))) {
            return "both nodes have priority " + a.keyword("priority") + " (hastate needs one preferred node per instance)";
        }
        if (a.authPass() != null && (a.authPass().length() > 8 || !a.authPass().chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"'\\#!{}".indexOf(c) < 0))) {
            return "its auth_pass is not 1-8 plain printable characters";
        }
        for (String vip : a.vipEntries()) {
            try {
                io.hastate.ha.model.Vip.parse(vip, io.hastate.core.model.Location.NONE, "vips");
            } catch (RuntimeException e) {
                return "VIP " + Printable.asciiLine(vip) + " is not a VIP hastate can manage (" + Printable.asciiLine(e.getMessage()) + ")";
            }
        }
        return null;
    }

    private static boolean isInt(String s, int min, int max) {
        try {
            int v = Integer.parseInt(s);
            return v >= min && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
