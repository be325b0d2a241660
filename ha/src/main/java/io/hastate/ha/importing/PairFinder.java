package io.hastate.ha.importing;

import io.hastate.core.model.Names;
import io.hastate.core.text.Printable;
import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.template.PairContext;

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
 * vrrp_instance with the same VRID, interface and VIPs. Each pair is put in the inventory's terms, and
 * every way the HA tree's keepalived.conf would differ in meaning from what the hosts run is named.
 * What cannot be a pair (one host, three hosts, different passwords) is a note, never a guess.
 */
public final class PairFinder {
    /** The pairs found, and a note for everything that was read but not imported. */
    public record Result(List<ImportedPair> pairs, List<String> notes) {}

    private record Sighting(HostFindings host, FoundInstance instance) {}

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
        List<ImportedPair> pairs = new ArrayList<>();
        Set<String> paired = new HashSet<>();
        Set<String> names = new HashSet<>(taken);
        for (List<Sighting> group : byKey.values()) {
            FoundInstance first = group.get(0).instance();
            String what = "instance " + first.name() + " (VRID " + first.vrid() + " on " + first.iface() + ", " + String.join(", ", first.vipCidrs()) + ")";
            List<String> hostNames = group.stream().map(s -> s.host().host()).toList();
            if (group.size() == 1) {
                notes.add(hostNames.get(0) + ": " + what + " has no peer among the hosts read; not imported");
            } else if (group.size() > 2) {
                notes.add(what + " is on " + group.size() + " hosts (" + String.join(", ", hostNames) + "): a pair has two; not imported");
            } else if (hostNames.get(0).equals(hostNames.get(1))) {
                notes.add(hostNames.get(0) + ": " + what + " appears twice in its keepalived.conf; not imported");
            } else if (hostNames.stream().anyMatch(paired::contains)) {
                notes.add(what + " on " + String.join(" and ", hostNames) + ": a host is already in another imported pair, and a host is in one pair; not imported");
            } else {
                String why = refusal(group);
                if (why != null) {
                    notes.add(what + " on " + String.join(" and ", hostNames) + ": " + why + "; not imported");
                    continue;
                }
                ImportedPair pair = pairOf(group, names);
                names.add(pair.name());
                paired.addAll(hostNames);
                pairs.add(pair);
            }
        }
        // The HA tree writes one instance per host: any other instance of a paired host would go.
        for (HostFindings h : hosts) {
            if (!paired.contains(h.host())) continue;
            ImportedPair pair = pairs.stream().filter(p -> p.nodes().stream().anyMatch(n -> n.host().equals(h.host()))).findFirst().orElseThrow();
            for (FoundInstance i : h.instances()) {
                if (i.vrid() == pair.virtualRouterId() && i.iface().equals(pair.iface())) continue;
                notes.add(h.host() + ": instance " + i.name() + " (VRID " + i.vrid() + ") is not part of pair " + pair.name()
                        + ": the HA tree writes one instance per host, so apply would remove it");
            }
        }
        return new Result(pairs, notes);
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
        if (a.authPass() != null && (a.authPass().length() > 8 || !a.authPass().chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"'\\#!{}".indexOf(c) < 0))) {
            return "its auth_pass is not 1-8 plain printable characters";
        }
        for (String vip : a.vipCidrs()) {
            try {
                Names.parseVip(vip, io.hastate.core.model.Location.NONE, "vips");
            } catch (RuntimeException e) {
                return "VIP " + vip + " is not an address hastate can manage";
            }
        }
        return null;
    }

    private static ImportedPair pairOf(List<Sighting> group, Set<String> taken) {
        // The higher priority first: it is the node keepalived elects, and its settings win a disagreement.
        List<Sighting> byPriority = group.stream().sorted(Comparator.comparingInt((Sighting s) -> -priority(s.instance()))
                .thenComparing(s -> s.host().host())).toList();
        Sighting hi = byPriority.get(0);
        Sighting lo = byPriority.get(1);
        FoundInstance main = hi.instance();
        List<String> diffs = new ArrayList<>();
        String name = pairName(hi.instance(), lo.instance(), taken);
        for (Sighting s : List.of(hi, lo)) {
            // The HA tree names the instance after its pair.
            if (!s.instance().name().equals(name)) diffs.add(s.host().host() + ": instance " + s.instance().name() + " is renamed " + name);
        }
        boolean unicast = hi.instance().keyword("unicast_src_ip") != null || !hi.instance().unicastPeers().isEmpty()
                || lo.instance().keyword("unicast_src_ip") != null || !lo.instance().unicastPeers().isEmpty();
        boolean nopreemptHi = hi.instance().keyword("nopreempt") != null;
        boolean nopreemptLo = lo.instance().keyword("nopreempt") != null;
        boolean preempt = !(nopreemptHi && nopreemptLo);
        if (nopreemptHi != nopreemptLo) {
            Sighting without = nopreemptHi ? lo : hi;
            diffs.add(without.host().host() + ": nopreempt is added (one node had it, the other not: the pair is imported without preemption)");
        }
        int advert = Integer.parseInt(main.keyword("advert_int"));
        if (!main.keyword("advert_int").equals(lo.instance().keyword("advert_int"))) {
            diffs.add(lo.host().host() + ": advert_int " + lo.instance().keyword("advert_int") + " becomes " + advert + " (" + hi.host().host() + "'s)");
        }
        // The pair's checks and notify scripts are the preferred node's, as its other settings are.
        CheckImport.Outcome checks = CheckImport.of(main, hi.host().scripts());
        NotifyImport notify = NotifyImport.of(main);
        List<ImportedPair.Node> nodes = new ArrayList<>();
        for (Sighting s : List.of(hi, lo)) {
            FoundInstance i = s.instance();
            String host = s.host().host();
            String state = i.keyword("state") == null ? "BACKUP" : i.keyword("state");
            if (!preempt && state.equals("MASTER")) {
                diffs.add(host + ": state MASTER becomes BACKUP (keepalived ignores nopreempt on a node that starts as MASTER)");
                state = "BACKUP";
            } else if (preempt && s == lo && state.equals("MASTER") && "MASTER".equals(hi.instance().keyword("state"))) {
                diffs.add(host + ": state MASTER becomes BACKUP (both nodes started as MASTER; " + hi.host().host() + " has the higher priority)");
                state = "BACKUP";
            }
            String address = advertSource(s, unicast, diffs);
            nodes.add(new ImportedPair.Node(host, priority(i), state, address));
            CheckImport.Outcome tracked = s == hi ? checks : CheckImport.of(i, s.host().scripts());
            for (String u : i.unmodelled()) {
                // Tracked scripts that all became checks are written again, as the pair's; notify scripts too.
                if (u.equals("track_script") && tracked.lost().isEmpty()) continue;
                if (notify.carried().contains(u)) continue;
                diffs.add(host + ": " + u + " is not written by the HA tree, so apply would remove it");
            }
            tracked.lost().forEach(l -> diffs.add(host + ": " + l + ", so apply would remove it"));
            tracked.changed().forEach(c -> diffs.add(host + ": " + c));
            if (s == lo && !tracked.checks().equals(checks.checks())) {
                diffs.add(host + ": its health checks become " + hi.host().host() + "'s (" + describe(checks.checks()) + "; it had "
                        + describe(tracked.checks()) + ")");
            }
            if (s == lo) {
                for (String keyword : notify.carried()) {
                    if (!Objects.equals(i.keyword(keyword), main.keyword(keyword))) {
                        diffs.add(host + ": " + keyword + " " + (i.keyword(keyword) == null ? "is added" : Printable.asciiLine(i.keyword(keyword)) + " becomes")
                                + " " + main.keyword(keyword) + " (" + hi.host().host() + "'s)");
                    }
                }
            }
            notify.lost().forEach(l -> diffs.add(host + ": " + l + ", so apply would remove it"));
            if (!checks.checks().isEmpty() || !notify.events().isEmpty()) scriptSecurity(s, diffs);
            for (String vip : i.vips()) {
                String[] parts = vip.split(" dev ");
                if (parts.length == 2 && !parts[1].strip().equals(main.iface()) && i.keyword("use_vmac") == null && i.keyword("use_ipvlan") == null) {
                    diffs.add(host + ": VIP " + parts[0] + " moves from device " + parts[1].strip() + " to " + main.iface());
                }
            }
        }
        if (unicast) {
            for (int k = 0; k < 2; k++) {
                Sighting s = List.of(hi, lo).get(k);
                ImportedPair.Node other = nodes.get(1 - k);
                String otherAddress = other.address() != null ? other.address() : List.of(hi, lo).get(1 - k).host().hostAddress();
                if (!s.instance().unicastPeers().equals(List.of(otherAddress))) {
                    diffs.add(s.host().host() + ": unicast_peer " + String.join(", ", s.instance().unicastPeers()) + " becomes " + otherAddress + " (the peer node's address)");
                }
            }
        }
        String protection = hi.host().protection(main);
        String loProtection = lo.host().protection(lo.instance());
        if (!protection.equals(loProtection)) {
            diffs.add(lo.host().host() + ": protection " + loProtection + " becomes " + protection + " (" + hi.host().host() + "'s)");
        }
        List<String> renderers = List.of(hi.host().host() + ": " + hi.host().renderer(main.iface()), lo.host().host() + ": " + lo.host().renderer(main.iface()));
        return new ImportedPair(name, nodes, main.vrid(), main.iface(), advert, main.vipCidrs(), protection, unicast, preempt, main.authPass(),
                checks.checks(), notify.events(), renderers, diffs);
    }

    /** The HA tree runs checks as an unprivileged user with keepalived's script security: named where the host did otherwise. */
    private static void scriptSecurity(Sighting s, List<String> diffs) {
        Map<String, String> g = s.host().globalDefs();
        String user = g.get("script_user");
        boolean same = g.containsKey("enable_script_security") && user != null && user.split("\\s+")[0].equals(PairContext.SCRIPT_USER);
        if (!same) {
            diffs.add(s.host().host() + ": scripts run as " + PairContext.SCRIPT_USER + " with enable_script_security"
                    + (user == null ? "" : " (script_user was " + Printable.asciiLine(user) + ")"));
        }
    }

    private static String describe(List<io.hastate.core.model.HealthCheck> checks) {
        if (checks.isEmpty()) return "none";
        return String.join(", ", checks.stream().map(c -> Printable.asciiLine(c.name() + " " + (c.command() != null ? c.command() : "process " + c.process())
                + " interval " + c.interval() + " fall " + c.fall() + " rise " + c.rise() + " weight " + c.weight())).toList());
    }

    /**
     * The node's advert source as the inventory must say it. The HA tree always pins one: where the file
     * names none, keepalived used the interface's own address, which the HA tree then writes in (a
     * difference, named); where it names the interface's own address, nothing need be said.
     */
    private static String advertSource(Sighting s, boolean unicast, List<String> diffs) {
        FoundInstance i = s.instance();
        String keyword = unicast ? "unicast_src_ip" : "mcast_src_ip";
        String pinned = i.keyword(keyword);
        String primary = s.host().primaryAddress(i.iface(), i.vipCidrs()).orElse(null);
        if (pinned == null) {
            diffs.add(s.host().host() + ": " + keyword + " " + (primary == null ? "(the interface's address)" : primary)
                    + " is added (the HA tree pins the advert source, so that networkd re-adding the address cannot fault keepalived)");
            return null;
        }
        return pinned.equals(primary) ? null : pinned;
    }

    private static String pairName(FoundInstance a, FoundInstance b, Set<String> taken) {
        String base = a.name().equals(b.name()) && Names.isIdentifier(a.name()) && !taken.contains(a.name()) ? a.name() : "vrid" + a.vrid();
        String name = base;
        for (int n = 2; taken.contains(name); n++) name = base + "-" + n;
        return name;
    }

    private static int priority(FoundInstance i) {
        return Integer.parseInt(i.keyword("priority"));
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
