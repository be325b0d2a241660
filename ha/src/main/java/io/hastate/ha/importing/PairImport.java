package io.hastate.ha.importing;

import io.hastate.ha.model.HealthCheck;
import io.hastate.core.model.Names;
import io.hastate.ha.model.VerbatimLines;
import io.hastate.core.text.Printable;
import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.keepalived.FoundTopLevel;
import io.hastate.ha.template.PairContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One pair in the inventory's terms from the instances two hosts share, with every way the HA tree's
 * keepalived.conf would differ in meaning from what they run. The first instance is the pair's main
 * one: the nodes' priorities and start states are its; another instance whose priorities differ says
 * its own (active/active).
 */
final class PairImport {
    /** One host's side of a found instance. */
    record Sighting(HostFindings host, FoundInstance instance) {}

    /** The two sides of one instance, the higher priority first (the node keepalived elects). */
    record Match(Sighting hi, Sighting lo) {
        List<Sighting> both() {
            return List.of(hi, lo);
        }

        boolean ipv6() {
            return hi.instance().vipCidrs().stream().anyMatch(v -> v.indexOf(':') >= 0);
        }

        boolean unicast() {
            return both().stream().anyMatch(s -> s.instance().keyword("unicast_src_ip") != null || !s.instance().unicastPeers().isEmpty());
        }
    }

    private final List<Match> matches;
    private final List<String> diffs = new ArrayList<>();
    private final Map<String, String> addresses = new HashMap<>();

    private PairImport(List<Match> matches) {
        this.matches = matches;
    }

    /** {@code taken}: names the inventory already uses (hosts, groups, pairs, instances); this pair's are added. */
    static ImportedPair of(List<Match> matches, Set<String> taken) {
        return new PairImport(matches).build(taken);
    }

    private ImportedPair build(Set<String> taken) {
        Match main = matches.get(0);
        boolean one = matches.size() == 1;
        List<String> names = new ArrayList<>();
        Map<String, String> renamed = new HashMap<>();
        for (Match m : matches) {
            String name = instanceName(m, taken);
            taken.add(name);
            names.add(name);
            if (!m.hi().instance().name().equals(name)) renamed.put(m.hi().instance().name(), name);
            for (Sighting s : m.both()) {
                if (!s.instance().name().equals(name)) diffs.add(s.host().host() + ": instance " + s.instance().name() + " is renamed " + name);
            }
        }
        // A pinned advert source belongs to the node: its first IPv4 instance says it.
        Set<String> sourced = new HashSet<>();
        for (Match m : matches) {
            if (m.ipv6()) continue;
            for (Sighting s : m.both()) {
                if (sourced.add(s.host().host())) addresses.put(s.host().host(), advertSource(s, m, one ? "" : "instance " + names.get(matches.indexOf(m)) + ": "));
            }
        }
        boolean anyNopreempt = matches.stream().anyMatch(m -> !preempt(m));
        List<ImportedPair.Node> nodes = new ArrayList<>();
        for (Sighting s : main.both()) nodes.add(node(s, main, anyNopreempt));
        List<ImportedPair.Instance> instances = new ArrayList<>();
        Map<String, HealthCheck> checksByName = new HashMap<>();
        for (int k = 0; k < matches.size(); k++) {
            instances.add(instance(matches.get(k), names.get(k), nodes, one ? "" : "instance " + names.get(k) + ": ", checksByName));
        }
        // One protection per interface: its first instance's on the first node, as the inventory allows.
        Map<String, String> protections = new LinkedHashMap<>();
        for (Match m : matches) protections.putIfAbsent(m.hi().instance().iface(), m.hi().host().protection(m.hi().instance()));
        // ifupdown takes a host off networkd: beside a networkd interface it cannot stay, and the interface goes unprotected.
        if (protections.containsValue("ifupdown") && protections.values().stream().anyMatch(v -> !v.equals("ifupdown"))) {
            protections.replaceAll((iface, protection) -> protection.equals("ifupdown") ? "none" : protection);
        }
        for (Match m : matches) {
            String protection = protections.get(m.hi().instance().iface());
            for (Sighting s : m.both()) {
                String own = s.host().protection(s.instance());
                if (!own.equals(protection)) {
                    diffs.add(s.host().host() + ": " + (one ? "" : "instance " + names.get(matches.indexOf(m)) + ": ") + "protection " + own
                            + " becomes " + protection + (own.equals("ifupdown") ? " (ifupdown takes the host off networkd, which its other interfaces use)"
                            : " (" + m.hi().host().host() + "'s" + (protections.size() > 1 ? " on " + m.hi().instance().iface() : "") + ")"));
                }
                backstopRoutesAdded(s, m, protection, one ? "" : "instance " + names.get(matches.indexOf(m)) + ": ");
            }
        }
        FoundTopLevel hiTop = main.hi().host().topLevel();
        FoundTopLevel loTop = main.lo().host().topLevel();
        List<String> globals = carried(hiTop.globalDefs(), loTop.globalDefs(), VerbatimLines.GLOBAL_DEFS, "global_defs lines", main);
        List<String> topLevel = carried(hiTop.blocks(), loTop.blocks(), VerbatimLines.TOP_LEVEL, "top-level blocks", main);
        // As the HA tree decides: checks, notify fields, or notify lines carried as written run scripts.
        boolean runsScripts = instances.stream().anyMatch(i -> !i.checks().isEmpty() || !i.notifyScripts().isEmpty() || VerbatimLines.runsScripts(i.verbatim()))
                || VerbatimLines.runsScripts(topLevel);
        if (runsScripts) {
            for (Sighting s : main.both()) scriptSecurity(s);
        }
        for (Sighting s : main.both()) {
            for (String line : s.host().topLevel().loose()) {
                diffs.add(s.host().host() + ": the top-level line '" + Printable.asciiLine(line) + "' is not written by the HA tree, so apply would remove it");
            }
        }
        List<String> renderers = new ArrayList<>();
        for (Sighting s : main.both()) {
            List<String> each = protections.keySet().stream().map(iface -> s.host().renderer(iface) + (protections.size() > 1 ? " (" + iface + ")" : "")).toList();
            renderers.add(s.host().host() + ": " + String.join(", ", each));
        }
        // The carried lines are the preferred node's: its sync groups name its instances as it called them.
        SyncGroupImport.Result groups = SyncGroupImport.of(SyncGroupImport.renamed(topLevel, renamed), Set.copyOf(names));
        return new ImportedPair(names.get(0), nodes, protections, instances, groups.groups(), globals, groups.rest(), renderers, diffs);
    }

    /**
     * The preferred node's lines of one place, carried as written where keepalived's syntax allows it
     * (else named as removed); the other node's, where they differ, are named as replaced.
     */
    private List<String> carried(List<String> hiLines, List<String> loLines, VerbatimLines place, String what, Match main) {
        String hi = main.hi().host().host();
        String problem = place.problemOf(hiLines);
        if (problem != null) {
            diffs.add(hi + ": its " + what + " cannot be carried as written (" + Printable.asciiLine(problem) + "), so apply would remove them: "
                    + shown(hiLines));
            return List.of();
        }
        if (!loLines.equals(hiLines)) {
            diffs.add(main.lo().host().host() + ": its " + what + " become " + hi + "'s (" + shown(hiLines) + "; it had " + shown(loLines) + ")");
        }
        return hiLines;
    }

    /** The instance's name on both hosts where they agree and it is free, else one made of its VRID. */
    private static String instanceName(Match m, Set<String> taken) {
        FoundInstance a = m.hi().instance();
        FoundInstance b = m.lo().instance();
        String base = a.name().equals(b.name()) && Names.isIdentifier(a.name()) && !taken.contains(a.name()) ? a.name()
                : "vrid" + a.vrid() + (m.ipv6() ? "_v6" : "");
        String name = base;
        for (int n = 2; taken.contains(name); n++) name = base + "-" + n;
        return name;
    }

    private static boolean preempt(Match m) {
        return !(m.hi().instance().keyword("nopreempt") != null && m.lo().instance().keyword("nopreempt") != null);
    }

    /**
     * A node as its main instance shows it. keepalived ignores nopreempt on a node that starts as MASTER,
     * so with any instance without preemption both nodes start as BACKUP; of two MASTERs the preferred stays.
     */
    private ImportedPair.Node node(Sighting s, Match main, boolean anyNopreempt) {
        String host = s.host().host();
        String state = startState(s.instance());
        if (anyNopreempt && state.equals("MASTER")) {
            diffs.add(host + ": state MASTER becomes BACKUP (keepalived ignores nopreempt on a node that starts as MASTER)");
            state = "BACKUP";
        } else if (s == main.lo() && state.equals("MASTER") && startState(main.hi().instance()).equals("MASTER")) {
            diffs.add(host + ": state MASTER becomes BACKUP (both nodes started as MASTER; " + main.hi().host().host() + " has the higher priority)");
            state = "BACKUP";
        }
        return new ImportedPair.Node(host, priority(s.instance()), state, addresses.get(host));
    }

    private ImportedPair.Instance instance(Match m, String name, List<ImportedPair.Node> nodes, String prefix, Map<String, HealthCheck> checksByName) {
        Sighting hi = m.hi();
        Sighting lo = m.lo();
        FoundInstance main = hi.instance();
        boolean preempt = preempt(m);
        boolean nopreemptHi = main.keyword("nopreempt") != null;
        if (nopreemptHi != (lo.instance().keyword("nopreempt") != null)) {
            diffs.add((nopreemptHi ? lo : hi).host().host() + ": " + prefix
                    + "nopreempt is added (one node had it, the other not: the pair is imported without preemption)");
        }
        int advert = Integer.parseInt(main.keyword("advert_int"));
        if (!main.keyword("advert_int").equals(lo.instance().keyword("advert_int"))) {
            diffs.add(lo.host().host() + ": " + prefix + "advert_int " + lo.instance().keyword("advert_int") + " becomes " + advert + " (" + hi.host().host() + "'s)");
        }
        Map<String, Integer> priorities = priorities(m, nodes);
        if (!prefix.isEmpty()) startStates(m, nodes, priorities, prefix);
        // Checks and notify scripts are the preferred node's, as its other settings are.
        CheckImport.Outcome checks = CheckImport.of(main, hi.host().scripts());
        // Tracked scripts that cannot all be checks stay as written: the track_script block in the
        // instance, their vrrp_script blocks at the top of the file (HostFindings leaves them there).
        boolean tracksAsWritten = !checks.lost().isEmpty();
        NotifyImport notify = NotifyImport.of(main);
        // What the model has no field for is carried as written, when keepalived's syntax allows it to be.
        List<String> verbatim = withoutCarriedNotify(main.unmodelledLines(), notify);
        if (tracksAsWritten) verbatim = withTrackScript(verbatim, main);
        String notCarried = VerbatimLines.problem(verbatim);
        if (notCarried != null) {
            diffs.add(hi.host().host() + ": " + prefix + "its other lines cannot be carried as written (" + Printable.asciiLine(notCarried) + ")");
            verbatim = List.of();
        }
        for (Sighting s : m.both()) {
            FoundInstance i = s.instance();
            String host = s.host().host() + ": " + prefix;
            CheckImport.Outcome tracked = s == hi ? checks : CheckImport.of(i, s.host().scripts());
            for (String u : i.unmodelled()) {
                // Tracked scripts that all became checks are written again, as the pair's; notify scripts too.
                if (u.equals("track_script") && (tracked.lost().isEmpty() || tracksAsWritten && notCarried == null)) continue;
                if (notify.carried().contains(u)) continue;
                // Carried as written (the other node's differences are named below as one).
                if (notCarried == null && !VerbatimLines.MODELLED.contains(u)) continue;
                diffs.add(host + u + " is not written by the HA tree, so apply would remove it");
            }
            List<String> own = withoutCarriedNotify(i.unmodelledLines(), notify);
            if (tracksAsWritten) own = withTrackScript(own, i);
            if (s == lo && notCarried == null && !own.equals(verbatim)) {
                diffs.add(host + "its lines the pair model has no field for become " + hi.host().host() + "'s (" + shown(verbatim) + "; it had "
                        + shown(own) + ")");
            }
            if (tracksAsWritten && notCarried == null) {
                // Carried as written: nothing of the tracking is lost or changed.
            } else {
                tracked.lost().forEach(l -> diffs.add(host + l + ", so apply would remove it"));
                tracked.changed().forEach(c -> diffs.add(host + c));
            }
            if (s == lo && !tracksAsWritten && !tracked.checks().equals(checks.checks())) {
                diffs.add(host + "its health checks become " + hi.host().host() + "'s (" + describe(checks.checks()) + "; it had "
                        + describe(tracked.checks()) + ")");
            }
            if (s == lo) {
                for (String keyword : notify.carried()) {
                    if (!Objects.equals(i.keyword(keyword), main.keyword(keyword))) {
                        diffs.add(host + keyword + " " + (i.keyword(keyword) == null ? "is added" : Printable.asciiLine(i.keyword(keyword)) + " becomes")
                                + " " + main.keyword(keyword) + " (" + hi.host().host() + "'s)");
                    }
                }
            }
            // A notify line the model cannot say (arguments, quotes) is carried as written, unless nothing can be.
            if (notCarried != null) notify.lost().forEach(l -> diffs.add(host + l + ", so apply would remove it"));
            if (s == lo && !i.vipEntries().equals(main.vipEntries())) {
                diffs.add(host + "its VIPs' options become " + hi.host().host() + "'s (" + String.join(", ", main.vipEntries()) + ")");
            }
            if (m.ipv6()) {
                for (String keyword : List.of("mcast_src_ip", "unicast_src_ip")) {
                    if (i.keyword(keyword) != null) {
                        diffs.add(host + keyword + " " + i.keyword(keyword) + " is removed (an IPv6 instance's adverts leave from the link-local address)");
                    }
                }
            } else if (!firstIpv4Sighting(s)) {
                sourceKept(s, m, prefix);
            }
        }
        boolean unicast = m.unicast();
        if (unicast) {
            for (Sighting s : m.both()) {
                Sighting other = s == hi ? lo : hi;
                String otherAddress = addresses.get(other.host().host()) != null ? addresses.get(other.host().host()) : other.host().hostAddress();
                if (!s.instance().unicastPeers().equals(List.of(otherAddress))) {
                    diffs.add(s.host().host() + ": " + prefix + "unicast_peer " + String.join(", ", s.instance().unicastPeers()) + " becomes " + otherAddress
                            + " (the peer node's address)");
                }
            }
        }
        return new ImportedPair.Instance(name, main.vrid(), main.iface(), advert, main.vipEntries(), unicast, preempt, main.authPass(),
                tracksAsWritten ? List.of() : distinct(checks.checks(), name, checksByName), notify.events(), priorities, verbatim);
    }

    /** {@code lines} followed by the instance's track_script block as written. */
    private static List<String> withTrackScript(List<String> lines, FoundInstance i) {
        if (i.trackScripts().isEmpty()) return lines;
        List<String> out = new ArrayList<>(lines);
        out.add("track_script {");
        i.trackScripts().forEach(t -> out.add(t.strip()));
        out.add("}");
        return out;
    }

    /** The instance's priorities where they are not the nodes' (the main instance's). */
    private static Map<String, Integer> priorities(Match m, List<ImportedPair.Node> nodes) {
        Map<String, Integer> own = new LinkedHashMap<>();
        for (ImportedPair.Node n : nodes) {
            Sighting s = m.hi().host().host().equals(n.host()) ? m.hi() : m.lo();
            own.put(n.host(), priority(s.instance()));
        }
        boolean same = nodes.stream().allMatch(n -> own.get(n.host()) == n.priority());
        return same ? Map.of() : own;
    }

    /**
     * The HA tree starts an instance with the nodes' priorities as MASTER on the node whose state is
     * MASTER, and one with priorities of its own on the node it prefers, when a node starts as MASTER.
     */
    private void startStates(Match m, List<ImportedPair.Node> nodes, Map<String, Integer> priorities, String prefix) {
        boolean pairHasMaster = nodes.stream().anyMatch(n -> n.state().equals("MASTER"));
        for (ImportedPair.Node n : nodes) {
            Sighting s = m.hi().host().host().equals(n.host()) ? m.hi() : m.lo();
            boolean master = priorities.isEmpty() ? n.state().equals("MASTER") : pairHasMaster && s == m.hi();
            String rendered = master ? "MASTER" : "BACKUP";
            String found = startState(s.instance());
            if (!found.equals(rendered)) {
                diffs.add(n.host() + ": " + prefix + "state " + found + " becomes " + rendered + (pairHasMaster
                        ? " (the HA tree starts an instance as MASTER on the node it prefers)"
                        : " (the pair's nodes start as BACKUP)"));
            }
        }
    }

    /**
     * A check the pair already has under this name but with another weight (keepalived lets each
     * instance weigh a script its own way) gets the instance's name: the pair's checks have one meaning per name.
     */
    private static List<HealthCheck> distinct(List<HealthCheck> checks, String instance, Map<String, HealthCheck> byName) {
        List<HealthCheck> out = new ArrayList<>();
        for (HealthCheck c : checks) {
            HealthCheck seen = byName.putIfAbsent(c.name(), c);
            if (seen == null || seen.asInventory().equals(c.asInventory())) {
                out.add(c);
                continue;
            }
            String renamed = (c.name() + "_" + instance).replaceAll("[^A-Za-z0-9_-]", "_");
            renamed = renamed.substring(0, Math.min(32, renamed.length()));
            HealthCheck own = new HealthCheck(renamed, c.command(), c.process(), c.interval(), c.timeout(), c.fall(), c.rise(), c.weight(), c.location());
            byName.putIfAbsent(own.name(), own);
            out.add(own);
        }
        return out;
    }

    /** The HA tree runs checks as an unprivileged user with keepalived's script security: named where the host did otherwise. */
    private void scriptSecurity(Sighting s) {
        Map<String, String> g = s.host().globalDefs();
        String user = g.get("script_user");
        boolean same = g.containsKey("enable_script_security") && user != null && user.split("\\s+")[0].equals(PairContext.SCRIPT_USER);
        if (!same) {
            diffs.add(s.host().host() + ": global_defs gains enable_script_security and script_user " + PairContext.SCRIPT_USER
                    + ": scripts run as that unprivileged user" + (user == null ? "" : " (script_user was " + Printable.asciiLine(user) + ")"));
        }
    }

    /** The lines without the notify scripts the inventory's notify field already says. */
    private static List<String> withoutCarriedNotify(List<String> lines, NotifyImport notify) {
        return lines.stream().filter(l -> !notify.carried().contains(l.split("\\s+")[0])).toList();
    }

    private static String shown(List<String> lines) {
        return lines.isEmpty() ? "none" : Printable.asciiLine(String.join(" / ", lines));
    }

    private static String describe(List<HealthCheck> checks) {
        if (checks.isEmpty()) return "none";
        return String.join(", ", checks.stream().map(c -> Printable.asciiLine(c.name() + " " + (c.command() != null ? c.command() : "process " + c.process())
                + " interval " + c.interval() + " fall " + c.fall() + " rise " + c.rise() + " weight " + c.weight())).toList());
    }

    /** Where networkd keeps foreign configuration, the HA tree gives an IPv4 master its backstop routes: named where they are new. */
    private void backstopRoutesAdded(Sighting s, Match m, String protection, String prefix) {
        String iface = s.instance().iface();
        boolean kept = List.of("keep-configuration", "vmac").contains(protection) && !s.host().renderer(iface).startsWith("NetworkManager");
        if (!kept || m.ipv6() || s.instance().backstopRoutes()) return;
        diffs.add(s.host().host() + ": " + prefix + "virtual_routes gains the master's backstop routes (" + iface
                + "'s network and gateway at the highest metric, for the moment networkd re-adds the interface's address)");
    }

    /**
     * The node's advert source as the inventory must say it. The HA tree always pins one: where the file
     * names none, keepalived used the interface's own address, which the HA tree then writes in (a
     * difference, named); where it names the interface's own address, nothing need be said.
     */
    private String advertSource(Sighting s, Match m, String prefix) {
        FoundInstance i = s.instance();
        String keyword = m.unicast() ? "unicast_src_ip" : "mcast_src_ip";
        String pinned = i.keyword(keyword);
        String primary = s.host().primaryAddress(i.iface(), i.vipCidrs()).orElse(null);
        if (pinned == null) {
            diffs.add(s.host().host() + ": " + prefix + keyword + " " + (primary == null ? "(the interface's address)" : primary)
                    + " is added (the HA tree pins the advert source, so that networkd re-adding the address cannot fault keepalived)");
            return null;
        }
        return pinned.equals(primary) ? null : pinned;
    }

    /**
     * Another IPv4 instance of the node: its source becomes the node's (on another interface than the
     * pair's first, that interface's own address), named where that is not what it pinned.
     */
    private void sourceKept(Sighting s, Match m, String prefix) {
        FoundInstance i = s.instance();
        String keyword = m.unicast() ? "unicast_src_ip" : "mcast_src_ip";
        String pinned = i.keyword(keyword);
        String primary = s.host().primaryAddress(i.iface(), i.vipCidrs()).orElse(null);
        String node = addresses.get(s.host().host());
        boolean onFirstInterface = i.iface().equals(matches.get(0).hi().instance().iface());
        String rendered = node != null && onFirstInterface ? node : primary;
        if (pinned != null && pinned.equals(rendered)) return;
        diffs.add(s.host().host() + ": " + prefix + keyword + " " + (pinned == null ? "" : pinned + " becomes ")
                + (rendered == null ? "the interface's address" : rendered) + (pinned == null ? " is added" : "")
                + (onFirstInterface ? " (the HA tree pins one advert source per node)" : " (the HA tree pins the advert source to " + i.iface() + "'s own address)"));
    }

    /** Whether {@code s} is where the node's advert source was read (and any difference already named). */
    private boolean firstIpv4Sighting(Sighting s) {
        for (Match m : matches) {
            if (m.ipv6()) continue;
            for (Sighting x : m.both()) if (x.host().host().equals(s.host().host())) return x == s;
        }
        return false;
    }

    private static String startState(FoundInstance i) {
        return i.keyword("state") == null ? "BACKUP" : i.keyword("state");
    }

    static int priority(FoundInstance i) {
        return Integer.parseInt(i.keyword("priority"));
    }
}
