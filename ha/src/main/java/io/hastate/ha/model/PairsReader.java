package io.hastate.ha.model;

import io.hastate.core.load.SectionContext;
import io.hastate.core.load.YNode;
import io.hastate.core.model.Host;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.model.Names;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates an inventory's {@code pairs:} section, once per inventory. */
final class PairsReader {
    private static final List<String> PAIR_FIELDS = List.of("nodes", "vrrp", "instances", "sync_groups", "global_defs", "verbatim", "vars");
    private static final List<String> NODE_FIELDS = List.of("priority", "state", "address");
    private static final List<String> VRRP_FIELDS = List.of("virtual_router_id", "interface", "advert_int", "vips", "protection", "auth_pass", "lan", "unicast", "preempt", "checks", "notify", "verbatim");
    private static final List<String> INSTANCE_FIELDS = java.util.stream.Stream.concat(VRRP_FIELDS.stream(), java.util.stream.Stream.of("priorities")).toList();
    private static final List<String> CHECK_FIELDS = List.of("command", "process", "interval", "timeout", "fall", "rise", "weight");

    private final SectionContext context;

    PairsReader(SectionContext context) {
        this.context = context;
    }

    Map<String, Pair> read(YNode.YMap section) {
        Map<String, Pair> pairs = new LinkedHashMap<>();
        Map<String, Pair> pairOfHost = new LinkedHashMap<>();
        for (YNode.YMap.Entry e : section.entries().values()) {
            Pair p = pair(e);
            for (PairNode n : p.nodes()) {
                Pair other = pairOfHost.putIfAbsent(n.host(), p);
                if (other != null) requireOneKeepalived(n, other, p);
            }
            pairs.put(e.key(), p);
        }
        checkVridsDistinct(pairs);
        return pairs;
    }

    private Pair pair(YNode.YMap.Entry e) {
        Map<String, Host> hosts = context.hosts();
        String field = "pairs." + e.key();
        requireIdentifier(e.key(), e.keyLocation(), field);
        YNode.YMap m = e.value().asMap(field);
        m.onlyKeys(field, PAIR_FIELDS);
        YNode.YMap nodesMap = m.require("nodes", field).asMap(field + ".nodes");
        // A pair's own field indented one level too deep reads as a third node: name it.
        for (YNode.YMap.Entry n : nodesMap.entries().values()) {
            if (PAIR_FIELDS.contains(n.key()) && !hosts.containsKey(n.key())) {
                throw new InvalidInputException(n.keyLocation(), field + ".nodes." + n.key(), "'" + n.key() + "' is indented under nodes: it is a field of the"
                        + " pair, at the level of nodes (move it one level out)");
            }
        }
        if (nodesMap.entries().size() != 2) {
            throw new InvalidInputException(nodesMap.location(), field + ".nodes",
                    "a pair has exactly two nodes, got " + nodesMap.entries().size());
        }
        List<PairNode> nodes = new ArrayList<>();
        for (YNode.YMap.Entry n : nodesMap.entries().values()) {
            String nf = field + ".nodes." + n.key();
            if (!hosts.containsKey(n.key())) {
                throw new InvalidInputException(n.keyLocation(), nf, "unknown host '" + n.key() + "'");
            }
            YNode.YMap nm = n.value().asMap(nf);
            nm.onlyKeys(nf, NODE_FIELDS);
            int priority = nm.require("priority", nf).asInt(nf + ".priority");
            String state = nm.has("state") ? nm.get("state").asString(nf + ".state").toUpperCase() : "BACKUP";
            String own = nm.has("address") ? nm.get("address").asString(nf + ".address") : null;
            try {
                nodes.add(new PairNode(n.key(), priority, state, own, n.keyLocation()));
            } catch (InvalidInputException ex) {
                throw new InvalidInputException(ex.location(), nf + "." + ex.field(), ex.problem());
            }
        }
        Map<String, Object> pairVars = context.vars(m.get("vars"), field + ".vars");
        if (m.has("vrrp") == m.has("instances")) {
            throw new InvalidInputException(m.location(), field, m.has("vrrp") ? "give vrrp (one instance) or instances (several), not both"
                    : "missing field 'vrrp' (one VRRP instance) or 'instances' (several)");
        }
        List<Vrrp> instances = new ArrayList<>();
        if (m.has("vrrp")) {
            instances.addAll(vrrp(m.get("vrrp").asMap(field + ".vrrp"), field + ".vrrp", e.key(), VRRP_FIELDS, pairVars));
        } else {
            YNode.YMap all = m.get("instances").asMap(field + ".instances");
            if (all.entries().isEmpty()) throw new InvalidInputException(all.location(), field + ".instances", "at least one instance is required");
            for (YNode.YMap.Entry i : all.entries().values()) {
                requireIdentifier(i.key(), i.keyLocation(), field + ".instances." + i.key());
                instances.addAll(vrrp(i.value().asMap(field + ".instances." + i.key()), field + ".instances." + i.key(), i.key(), INSTANCE_FIELDS, pairVars));
            }
        }
        String conflict = protectionConflict(instances);
        if (conflict != null) {
            Vrrp last = instances.get(instances.size() - 1);
            throw new InvalidInputException(last.location(), fieldOf(last), conflict);
        }
        for (Vrrp v : instances) {
            String vf = fieldOf(v);
            if (!v.unicast()) continue;
            if (!v.iface().equals(instances.get(0).iface())) {
                throw new InvalidInputException(declared.get(v).unicastAt(), vf + ".unicast", "unicast sends adverts to the nodes' addresses, which are on "
                        + instances.get(0).iface() + " (the pair's first instance's interface), not " + v.iface() + ": use multicast here, or a pair of its own");
            }
            // Each node's adverts go to the other's address: keepalived needs IP addresses there.
            for (PairNode n : nodes) {
                String address = n.address() != null ? n.address() : hosts.get(n.host()).address();
                if (!Names.isIp(address)) {
                    throw new InvalidInputException(declared.get(v).unicastAt(), vf + ".unicast",
                            "unicast needs each node's IP address (the node's address, else its host's); " + n.host() + " has '" + address + "'");
                }
            }
        }
        List<String> globalDefs = lines(m, "global_defs", field, VerbatimLines.GLOBAL_DEFS);
        List<String> topLevel = lines(m, "verbatim", field, VerbatimLines.TOP_LEVEL);
        List<SyncGroup> syncGroups = m.has("sync_groups") ? syncGroups(m.get("sync_groups").asMap(field + ".sync_groups"), field + ".sync_groups") : List.of();
        try {
            return new Pair(e.key(), nodes.get(0), nodes.get(1), instances, syncGroups, globalDefs, topLevel, pairVars, e.keyLocation());
        } catch (InvalidInputException ex) {
            throw new InvalidInputException(ex.location(), field + "." + ex.field(), ex.problem());
        }
    }

    /** Where each instance was declared, for messages, and the LAN it was declared on (null: its interface's). */
    private final Map<Vrrp, Declared> declared = new java.util.IdentityHashMap<>();

    private record Declared(String field, String lan, Location unicastAt) {}

    private String fieldOf(Vrrp v) {
        return declared.get(v).field();
    }

    /**
     * One declared instance; two when its VIPs mix IPv4 and IPv6, which keepalived refuses in one instance:
     * the IPv6 VIPs go to {@code NAME_v6}, with the same VRID (VRRP's families do not share VRIDs), the same
     * checks (so that they move together) and no notify scripts (they run once, for the IPv4 instance).
     */
    private List<Vrrp> vrrp(YNode.YMap m, String field, String name, List<String> fields, Map<String, Object> pairVars) {
        m.onlyKeys(field, fields);
        int vrid = m.require("virtual_router_id", field).asInt(field + ".virtual_router_id");
        String iface = m.require("interface", field).asString(field + ".interface");
        if (!Names.isInterfaceName(iface)) {
            throw new InvalidInputException(m.get("interface").location(), field + ".interface",
                    "'" + iface + "' is not a valid interface name (1-15 characters: letters, digits, _ . @ -)");
        }
        int advert = m.has("advert_int") ? m.get("advert_int").asInt(field + ".advert_int") : 1;
        List<Vip> v4 = new ArrayList<>();
        List<Vip> v6 = new ArrayList<>();
        for (YNode v : m.require("vips", field).asListOrSingle(field + ".vips")) {
            String written = v.asString(field + ".vips");
            Vip vip = Vip.parse(written, v.location(), field + ".vips");
            if (!written.trim().split("\\s+")[0].contains("/")) {
                context.note(v.location(), field + ".vips", written.trim().split("\\s+")[0] + " has no prefix length: taken as " + vip.cidr()
                        + " (write it to say so" + (vip.ipv6() ? "" : ", or /24 for an address in the interface's subnet") + ")");
            }
            (vip.ipv6() ? v6 : v4).add(vip);
        }
        // Read outside the try: their errors already name the whole field.
        String protection = m.has("protection") ? m.get("protection").asString(field + ".protection") : Vrrp.AUTO;
        String auth = m.has("auth_pass") ? context.secret(m.get("auth_pass"), field + ".auth_pass", pairVars, "the pair's") : null;
        boolean unicast = m.has("unicast") && m.get("unicast").asBool(field + ".unicast");
        boolean preempt = !m.has("preempt") || m.get("preempt").asBool(field + ".preempt");
        List<HealthCheck> checks = m.has("checks") ? checks(m.get("checks").asMap(field + ".checks"), field + ".checks") : List.of();
        Map<String, String> notify = new LinkedHashMap<>();
        if (m.has("notify")) {
            YNode.YMap n = m.get("notify").asMap(field + ".notify");
            n.onlyKeys(field + ".notify", List.copyOf(Vrrp.NOTIFY_EVENTS.keySet()));
            for (YNode.YMap.Entry e : n.entries().values()) {
                String path = e.value().asString(field + ".notify." + e.key());
                String problem = Vrrp.notifyProblem(e.key(), path);
                if (problem != null) throw new InvalidInputException(e.value().location(), field + ".notify." + e.key(), problem);
                notify.put(e.key(), path);
            }
        }
        Map<String, Integer> priorities = new LinkedHashMap<>();
        if (m.has("priorities")) {
            for (YNode.YMap.Entry e : m.get("priorities").asMap(field + ".priorities").entries().values()) {
                priorities.put(e.key(), e.value().asInt(field + ".priorities." + e.key()));
            }
        }
        List<String> verbatim = lines(m, "verbatim", field, VerbatimLines.INSTANCE);
        if (!v6.isEmpty()) ipv6Limits(m, field, protection, unicast);
        String lan = m.has("lan") ? m.get("lan").asString(field + ".lan") : null;
        List<Vrrp> out = new ArrayList<>();
        try {
            if (!v4.isEmpty()) out.add(new Vrrp(name, vrid, iface, advert, v4, protection, auth, unicast, preempt, checks, notify, priorities, verbatim, m.location()));
            if (!v6.isEmpty()) {
                out.add(new Vrrp(v4.isEmpty() ? name : name + "_v6", vrid, iface, advert, v6, protection, auth, unicast, preempt, checks,
                        v4.isEmpty() ? notify : Map.of(), priorities, verbatim, m.location()));
            }
        } catch (InvalidInputException ex) {
            String at = ex.field().startsWith("vrrp.") ? ex.field().substring("vrrp.".length()) : ex.field();
            throw new InvalidInputException(ex.location(), field + "." + at, ex.problem());
        }
        Location unicastAt = m.has("unicast") ? m.get("unicast").location() : m.location();
        out.forEach(v -> declared.put(v, new Declared(field, lan, unicastAt)));
        return out;
    }

    /** keepalived lines carried as written in {@code place}, checked where they are declared. */
    private static List<String> lines(YNode.YMap m, String key, String field, VerbatimLines place) {
        List<String> lines = new ArrayList<>();
        if (!m.has(key)) return lines;
        for (YNode line : m.get(key).asListOrSingle(field + "." + key)) lines.add(line.asString(field + "." + key));
        String problem = place.problemOf(lines);
        if (problem != null) throw new InvalidInputException(m.get(key).location(), field + "." + key, problem);
        return lines;
    }

    /**
     * IPv6 instances send their adverts from the link-local address, which no networkd action removes;
     * only keep-configuration (KeepConfiguration=yes covers IPv6 VIPs) and none have been measured with them.
     */
    private static void ipv6Limits(YNode.YMap m, String field, String protection, boolean unicast) {
        if (unicast) {
            throw new InvalidInputException(m.get("unicast").location(), field + ".unicast",
                    "unicast is not supported with IPv6 VIPs yet (the nodes' IPv6 addresses are not modelled): use multicast for them");
        }
        if (!List.of(Vrrp.AUTO, "keep-configuration", "none").contains(protection)) {
            throw new InvalidInputException(m.get("protection").location(), field + ".protection",
                    "IPv6 VIPs are protected by keep-configuration (or none); " + protection + " is not supported with them yet");
        }
    }

    /** {@code checks: {NAME: {command: ... | process: ..., interval, timeout, fall, rise, weight}}}. */
    private static List<HealthCheck> checks(YNode.YMap m, String field) {
        List<HealthCheck> out = new ArrayList<>();
        for (YNode.YMap.Entry e : m.entries().values()) {
            String cf = field + "." + e.key();
            YNode.YMap c = e.value().asMap(cf);
            c.onlyKeys(cf, CHECK_FIELDS);
            String command = c.has("command") ? c.get("command").asString(cf + ".command") : null;
            String process = c.has("process") ? c.get("process").asString(cf + ".process") : null;
            int interval = c.has("interval") ? c.get("interval").asInt(cf + ".interval") : HealthCheck.DEFAULT_INTERVAL;
            Integer timeout = c.has("timeout") ? c.get("timeout").asInt(cf + ".timeout") : null;
            int fall = c.has("fall") ? c.get("fall").asInt(cf + ".fall") : HealthCheck.DEFAULT_FALL;
            int rise = c.has("rise") ? c.get("rise").asInt(cf + ".rise") : HealthCheck.DEFAULT_RISE;
            int weight = c.has("weight") ? c.get("weight").asInt(cf + ".weight") : 0;
            try {
                out.add(new HealthCheck(e.key(), command, process, interval, timeout, fall, rise, weight, e.keyLocation()));
            } catch (InvalidInputException ex) {
                // The line of the offending field where there is one, else the check's own.
                String sub = ex.field().contains(".") ? ex.field().substring(ex.field().indexOf('.') + 1) : null;
                Location at = sub != null && c.has(sub) ? c.get(sub).location() : ex.location();
                throw new InvalidInputException(at, field + "." + ex.field(), ex.problem());
            }
        }
        return out;
    }

    private static List<SyncGroup> syncGroups(YNode.YMap groups, String field) {
        List<SyncGroup> out = new ArrayList<>();
        for (YNode.YMap.Entry e : groups.entries().values()) {
            String f = field + "." + e.key();
            YNode.YMap g = e.value().asMap(f);
            g.onlyKeys(f, List.of("instances", "notify"));
            List<String> members = new ArrayList<>();
            for (YNode item : g.require("instances", f).asListOrSingle(f + ".instances")) members.add(item.asString(f + ".instances"));
            Map<String, String> notify = new LinkedHashMap<>();
            if (g.has("notify")) {
                for (YNode.YMap.Entry n : g.get("notify").asMap(f + ".notify").entries().values()) notify.put(n.key(), n.value().asString(f + ".notify." + n.key()));
            }
            try {
                out.add(new SyncGroup(e.key(), members, notify, e.keyLocation()));
            } catch (InvalidInputException ex) {
                String sub = ex.field().equals(e.key()) ? null : ex.field();
                Location at = sub == null ? ex.location() : sub.startsWith("notify.") ? g.get("notify").asMap(f + ".notify").get(sub.substring(7)).location()
                        : g.get(sub).location();
                throw new InvalidInputException(at, sub == null ? f : f + "." + sub, ex.problem());
            }
        }
        return out;
    }

    /**
     * A host in several pairs runs one keepalived.conf with the instances of all of them, and one set of
     * interface settings: an interface has one protection, whichever pair uses it.
     */
    private static void requireOneKeepalived(PairNode node, Pair first, Pair p) {
        List<Vrrp> all = new ArrayList<>(first.instances());
        all.addAll(p.instances());
        String conflict = protectionConflict(all);
        if (conflict != null) {
            throw new InvalidInputException(node.location(), "pairs." + p.name() + ".nodes." + node.host(),
                    "host " + node.host() + " is in pairs " + first.name() + " and " + p.name() + ": " + conflict);
        }
    }

    /**
     * Why these instances, run by one host, cannot have their interfaces protected together; null when they
     * can. An interface is protected one way. ifupdown takes the host off networkd altogether (networkd is
     * stopped), so it is every interface's protection or none's.
     */
    static String protectionConflict(List<Vrrp> all) {
        // auto takes the protection named beside it on the host (ProtectionChoice): it conflicts with none.
        List<Vrrp> instances = all.stream().filter(v -> !v.protection().equals(Vrrp.AUTO)).toList();
        Map<String, Vrrp> byInterface = new LinkedHashMap<>();
        for (Vrrp v : instances) {
            Vrrp other = byInterface.putIfAbsent(v.iface(), v);
            if (other != null && !other.protection().equals(v.protection())) {
                return "instances " + other.name() + " and " + v.name() + " are both on " + v.iface() + " but protected by " + other.protection()
                        + " and " + v.protection() + " (an interface is protected one way)";
            }
        }
        Map<Integer, Vrrp> ipvlanByVrid = new LinkedHashMap<>();
        for (Vrrp v : instances) {
            if (!v.protection().equals("ipvlan")) continue;
            Vrrp other = ipvlanByVrid.putIfAbsent(v.virtualRouterId(), v);
            if (other != null && !other.iface().equals(v.iface())) {
                return "instances " + other.name() + " on " + other.iface() + " and " + v.name() + " on " + v.iface() + " both have VRID " + v.virtualRouterId()
                        + " and ipvlan protection, whose device is named after the VRID (vip" + v.virtualRouterId() + "): give one another VRID";
            }
        }
        Vrrp ifupdown = instances.stream().filter(v -> v.protection().equals("ifupdown")).findFirst().orElse(null);
        Vrrp networkd = instances.stream().filter(v -> !v.protection().equals("ifupdown")).findFirst().orElse(null);
        if (ifupdown != null && networkd != null) {
            return "instance " + ifupdown.name() + " is protected by ifupdown, which takes the host off networkd, and " + networkd.name() + " on "
                    + networkd.iface() + " by " + networkd.protection() + " (with ifupdown, every interface of the host's instances uses it)";
        }
        return null;
    }

    /**
     * Two pairs with one VRID on one LAN would take each other's adverts. Without a declared {@code lan},
     * pairs on an interface of the same name are taken to share one.
     */
    private void checkVridsDistinct(Map<String, Pair> pairs) {
        Map<String, String> seen = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        Map<String, String> groups = new HashMap<>();
        for (Pair p : pairs.values()) {
            for (SyncGroup g : p.syncGroups()) {
                String other = groups.putIfAbsent(g.name(), p.name());
                if (other != null) {
                    throw new InvalidInputException(g.location(), "pairs." + p.name() + ".sync_groups." + g.name(), "sync group " + g.name()
                            + " is declared by pairs " + other + " and " + p.name() + " (a host's groups share one keepalived.conf: give each its own name)");
                }
            }
            for (Vrrp v : p.instances()) {
                String field = fieldOf(v);
                // A host's keepalived.conf holds its instances side by side: their names are one namespace.
                if (!names.add(v.name())) {
                    throw new InvalidInputException(v.location(), field, "instance name " + v.name() + " is used twice in the inventory (keepalived needs distinct names)");
                }
                String lan = declared.get(v).lan();
                String where = lan != null ? "lan " + lan : "interface " + v.iface();
                String key = where + "/" + (v.ipv6() ? "IPv6" : "IPv4") + "/" + v.virtualRouterId();
                String other = seen.putIfAbsent(key, p.name() + (p.severalInstances() ? " (" + v.name() + ")" : ""));
                if (other != null) {
                    String self = p.name() + (p.severalInstances() ? " (" + v.name() + ")" : "");
                    throw new InvalidInputException(v.location(), field + ".virtual_router_id",
                            (other.startsWith(p.name() + " ") ? "instances " : "pairs ") + other + " and " + self + " both use VRID " + v.virtualRouterId()
                                    + " on " + where + (v.ipv6() ? " for IPv6" : "") + " (give each its own VRID, or declare lan when they are on different LANs)");
                }
            }
        }
    }

    private static void requireIdentifier(String name, Location where, String field) {
        if (!Names.isIdentifier(name)) {
            throw new InvalidInputException(where, field, "'" + name + "' is not a valid name (letters, digits, _ . -)");
        }
    }
}
