package io.hastate.core.load;

import io.hastate.core.model.Group;
import io.hastate.core.model.Host;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.transport.Backups;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.model.Names;
import io.hastate.core.model.Pair;
import io.hastate.core.model.SshOptions;
import io.hastate.core.model.PairNode;
import io.hastate.core.model.Vip;
import io.hastate.core.model.Vrrp;
import io.hastate.core.model.VerbatimLines;
import io.hastate.core.model.HealthCheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates an inventory file. See the README for the format. */
public final class InventoryLoader {
    private static final List<String> TOP = List.of("states", "modules", "ssh", "vars", "hosts", "groups", "pairs", "ansible");
    /** {@code -i ansible:PATH}: an Ansible inventory, read as it is. */
    public static final String ANSIBLE_PREFIX = "ansible:";
    private static final List<String> SSH_FIELDS = List.of("known_hosts", "config", "connect_timeout");
    private static final List<String> HOST_FIELDS = List.of("address", "port", "user", "identity", "sudo", "sudo_password_var", "connection", "vars");
    private static final List<String> GROUP_FIELDS = List.of("hosts", "children", "vars");
    private static final List<String> PAIR_FIELDS = List.of("nodes", "vrrp", "instances", "global_defs", "verbatim", "vars");
    private static final List<String> NODE_FIELDS = List.of("priority", "state", "address");
    private static final List<String> VRRP_FIELDS = List.of("virtual_router_id", "interface", "advert_int", "vips", "protection", "auth_pass", "lan", "unicast", "preempt", "checks", "notify", "verbatim");
    private static final List<String> INSTANCE_FIELDS = java.util.stream.Stream.concat(VRRP_FIELDS.stream(), java.util.stream.Stream.of("priorities")).toList();
    private static final List<String> CHECK_FIELDS = List.of("command", "process", "interval", "timeout", "fall", "rise", "weight");
    /** Template names hastate fills in itself; a variable may not shadow them. */
    public static final Set<String> RESERVED_VARS = Set.of("host", "pair", "peer");

    private SecretSources secrets;
    private Map<String, Object> allVars = Map.of();

    /** A hastate inventory, or with {@code ansible:PATH} an Ansible one (YAML or INI), which then has no pairs. */
    public Inventory load(Path file) {
        YNode.YMap root;
        if (file.toString().startsWith(ANSIBLE_PREFIX)) {
            file = Path.of(file.toString().substring(ANSIBLE_PREFIX.length()));
            root = AnsibleInventory.read(file);
        } else {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(new Location(file.toString(), 0), "inventory file not found");
            }
            root = YamlFiles.read(file).asMap("inventory");
            root.onlyKeys("", TOP);
            if (root.has("ansible")) root = withAnsible(root, file);
        }
        secrets = new SecretSources(file.toAbsolutePath().getParent());

        Map<String, Object> allVars = vars(root.get("vars"), "vars");
        this.allVars = allVars;
        Map<String, Host> hosts = new LinkedHashMap<>();
        YNode hostsNode = root.get("hosts");
        if (hostsNode == null || hostsNode.asMap("hosts").entries().isEmpty()) {
            throw new InvalidInputException(root.location(), "hosts", "the inventory declares no hosts");
        }
        for (YNode.YMap.Entry e : hostsNode.asMap("hosts").entries().values()) {
            hosts.put(e.key(), host(e));
        }

        Map<String, Group> groups = new LinkedHashMap<>();
        YNode groupsNode = root.get("groups");
        if (groupsNode != null && !(groupsNode instanceof YNode.YScalar s && s.isNull())) {
            for (YNode.YMap.Entry e : groupsNode.asMap("groups").entries().values()) {
                groups.put(e.key(), group(e, hosts));
            }
        }
        checkGroupReferences(groups, hosts);

        Map<String, Pair> pairs = new LinkedHashMap<>();
        YNode pairsNode = root.get("pairs");
        if (pairsNode != null && !(pairsNode instanceof YNode.YScalar s && s.isNull())) {
            Map<String, Pair> pairOfHost = new LinkedHashMap<>();
            for (YNode.YMap.Entry e : pairsNode.asMap("pairs").entries().values()) {
                Pair p = pair(e, hosts);
                for (PairNode n : p.nodes()) {
                    Pair other = pairOfHost.putIfAbsent(n.host(), p);
                    if (other != null) requireOneKeepalived(n, other, p);
                }
                pairs.put(e.key(), p);
            }
        }
        checkNamesDistinct(hosts, groups, pairs);
        checkVridsDistinct(pairs);

        String states = null;
        if (root.get("states") != null) {
            Path base = file.toAbsolutePath().getParent();
            Path abs = base.resolve(root.get("states").asString("states")).normalize();
            Path cwd = Path.of("").toAbsolutePath();
            states = (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString();
        }
        Inventory inventory = new Inventory(file.toString(), allVars, hosts, groups, pairs, states, ssh(root.get("ssh"), file),
                modules(root.get("modules"), file));
        for (Host h : hosts.values()) {
            String var = h.become().passwordVar();
            if (var != null && !inventory.mergedVars(h.name()).containsKey(var)) {
                throw new InvalidInputException(h.location(), "hosts." + h.name() + ".sudo_password_var",
                        "no variable '" + var + "' is defined for this host");
            }
        }
        return inventory;
    }

    /**
     * {@code ansible: PATH} in a hastate inventory: the hosts, groups and vars of that Ansible inventory
     * (relative to this file), to which this file adds its own pairs, hosts, groups and vars (its vars win).
     */
    private static YNode.YMap withAnsible(YNode.YMap root, Path file) {
        YNode ref = root.get("ansible");
        YNode.YMap imported = AnsibleInventory.read(file.toAbsolutePath().getParent().resolve(ref.asString("ansible")).normalize());
        Map<String, YNode.YMap.Entry> merged = new LinkedHashMap<>();
        for (YNode.YMap.Entry e : root.entries().values()) {
            if (!e.key().equals("ansible")) merged.put(e.key(), e);
        }
        for (String section : List.of("vars", "hosts", "groups")) {
            Map<String, YNode.YMap.Entry> entries = new LinkedHashMap<>(imported.get(section).asMap(section).entries());
            YNode own = root.get(section);
            if (own != null && !(own instanceof YNode.YScalar s && s.isNull())) {
                for (YNode.YMap.Entry e : own.asMap(section).entries().values()) {
                    if (!section.equals("vars") && entries.containsKey(e.key())) {
                        throw new InvalidInputException(e.keyLocation(), section + "." + e.key(),
                                "is already in the Ansible inventory " + ref.asString("ansible"));
                    }
                    entries.put(e.key(), e);
                }
            }
            Location at = own != null ? own.location() : ref.location();
            merged.put(section, new YNode.YMap.Entry(section, at, new YNode.YMap(entries, at)));
        }
        return new YNode.YMap(merged, root.location());
    }

    /** Plugin folders, relative to the inventory file. */
    private static List<String> modules(YNode node, Path file) {
        if (node == null) return List.of();
        Path base = file.toAbsolutePath().getParent();
        List<String> out = new java.util.ArrayList<>();
        for (YNode item : node.asList("modules").items()) out.add(base.resolve(item.asString("modules")).normalize().toString());
        return out;
    }

    private SshOptions ssh(YNode node, Path file) {
        if (node == null) return SshOptions.DEFAULT;
        YNode.YMap m = node.asMap("ssh");
        m.onlyKeys("ssh", SSH_FIELDS);
        Path base = file.toAbsolutePath().getParent();
        String known = m.has("known_hosts") ? base.resolve(expandHome(m.get("known_hosts").asString("ssh.known_hosts"))).toString() : null;
        String config = m.has("config") ? base.resolve(expandHome(m.get("config").asString("ssh.config"))).toString() : null;
        Integer timeout = null;
        if (m.has("connect_timeout")) {
            timeout = m.get("connect_timeout").asInt("ssh.connect_timeout");
            if (timeout < 1) throw new InvalidInputException(m.get("connect_timeout").location(), "ssh.connect_timeout", "must be at least 1 second");
        }
        return new SshOptions(known, config, timeout);
    }

    /** {@code ~/x} means the user's home, as in OpenSSH. */
    public static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private Host host(YNode.YMap.Entry e) {
        String name = e.key();
        String field = "hosts." + name;
        requireIdentifier(name, e.keyLocation(), field);
        YNode.YMap m = e.value() instanceof YNode.YScalar s && s.isNull()
                ? new YNode.YMap(Map.of(), e.keyLocation()) : e.value().asMap(field);
        m.onlyKeys(field, HOST_FIELDS);
        Host.Connection connection = Host.Connection.SSH;
        if (m.has("connection")) {
            String c = m.get("connection").asString(field + ".connection");
            connection = switch (c) {
                case "ssh" -> Host.Connection.SSH;
                case "local" -> Host.Connection.LOCAL;
                default -> throw new InvalidInputException(m.get("connection").location(), field + ".connection",
                        "must be ssh or local, got '" + c + "'");
            };
        }
        String address = m.has("address") ? m.get("address").asString(field + ".address") : name;
        if (!Names.isHostAddress(address)) {
            throw new InvalidInputException(m.has("address") ? m.get("address").location() : e.keyLocation(),
                    field + ".address", "'" + address + "' is not a valid IP address or host name");
        }
        Integer port = m.has("port") ? m.get("port").asInt(field + ".port") : null;
        String user = m.has("user") ? m.get("user").asString(field + ".user") : null;
        if (user != null && !user.matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}")) {
            throw new InvalidInputException(m.get("user").location(), field + ".user", "'" + user + "' is not a user name");
        }
        String identity = m.has("identity") ? expandHome(m.get("identity").asString(field + ".identity")) : null;
        boolean sudo = m.has("sudo") && m.get("sudo").asBool(field + ".sudo");
        String sudoPassVar = m.has("sudo_password_var") ? m.get("sudo_password_var").asString(field + ".sudo_password_var") : null;
        Map<String, Object> vars = vars(m.get("vars"), field + ".vars");
        return new Host(name, address, port, user, identity, new Host.Become(sudo, sudoPassVar), connection, vars, e.keyLocation());
    }

    private Group group(YNode.YMap.Entry e, Map<String, Host> hosts) {
        String field = "groups." + e.key();
        requireIdentifier(e.key(), e.keyLocation(), field);
        YNode.YMap m = e.value().asMap(field);
        m.onlyKeys(field, GROUP_FIELDS);
        List<String> members = new ArrayList<>();
        if (m.has("hosts")) {
            for (YNode n : m.get("hosts").asListOrSingle(field + ".hosts")) {
                String h = n.asString(field + ".hosts");
                if (!hosts.containsKey(h)) {
                    throw new InvalidInputException(n.location(), field + ".hosts", "unknown host '" + h + "'");
                }
                members.add(h);
            }
        }
        List<String> children = new ArrayList<>();
        if (m.has("children")) {
            for (YNode n : m.get("children").asListOrSingle(field + ".children")) children.add(n.asString(field + ".children"));
        }
        return new Group(e.key(), members, children, vars(m.get("vars"), field + ".vars"), e.keyLocation());
    }

    private void checkGroupReferences(Map<String, Group> groups, Map<String, Host> hosts) {
        for (Group g : groups.values()) {
            for (String child : g.children()) {
                if (!groups.containsKey(child)) {
                    throw new InvalidInputException(g.location(), "groups." + g.name() + ".children", "unknown group '" + child + "'");
                }
            }
        }
        for (Group g : groups.values()) {
            findCycle(g.name(), groups, new ArrayList<>());
        }
    }

    private void findCycle(String group, Map<String, Group> groups, List<String> path) {
        if (path.contains(group)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(group), path.size()));
            cycle.add(group);
            throw new InvalidInputException(groups.get(group).location(), "groups." + group + ".children",
                    "groups contain each other: " + String.join(" -> ", cycle));
        }
        path.add(group);
        for (String child : groups.get(group).children()) findCycle(child, groups, path);
        path.remove(path.size() - 1);
    }

    private Pair pair(YNode.YMap.Entry e, Map<String, Host> hosts) {
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
        Map<String, Object> pairVars = vars(m.get("vars"), field + ".vars");
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
        for (Vrrp v : instances) {
            String vf = fieldOf(v);
            // The HA tree protects one interface per pair, by one protection.
            Vrrp main = instances.get(0);
            if (!v.iface().equals(main.iface()) || !v.protection().equals(main.protection())) {
                throw new InvalidInputException(v.location(), vf, "the instances of a pair share one interface and protection (the HA tree protects one"
                        + " interface per pair): " + v.name() + " has " + v.iface() + "/" + v.protection() + ", " + main.name() + " " + main.iface() + "/" + main.protection());
            }
            if (!v.unicast()) continue;
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
        try {
            return new Pair(e.key(), nodes.get(0), nodes.get(1), instances, globalDefs, topLevel, pairVars, e.keyLocation());
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
            Vip vip = Names.parseVip(v.asString(field + ".vips"), v.location(), field + ".vips");
            (vip.ipv6() ? v6 : v4).add(vip);
        }
        // Read outside the try: their errors already name the whole field.
        String protection = m.has("protection") ? m.get("protection").asString(field + ".protection") : "keep-configuration";
        String auth = m.has("auth_pass") ? authPass(m.get("auth_pass"), field + ".auth_pass", pairVars) : null;
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
        if (!List.of("keep-configuration", "none").contains(protection)) {
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

    /**
     * auth_pass as written, read from a secret source ({@code {env: VRRP_PASS}}), or a reference to one
     * variable ({@code "{{vrrp_pass}}"}) of the pair or of every host; secret in every case.
     */
    private String authPass(YNode node, String field, Map<String, Object> pairVars) {
        String value;
        if (SecretSources.isSource(node)) {
            value = secrets.read((YNode.YMap) node, field);
        } else {
            value = node.asString(field);
            java.util.regex.Matcher ref = java.util.regex.Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}").matcher(value);
            if (ref.matches()) {
                Object v = pairVars.containsKey(ref.group(1)) ? pairVars.get(ref.group(1)) : allVars.get(ref.group(1));
                if (!(v instanceof String s)) {
                    throw new InvalidInputException(node.location(), field, v == null ? "no variable '" + ref.group(1) + "' in the pair's or the inventory's vars"
                            : "variable '" + ref.group(1) + "' is not a text value");
                }
                value = s;
            } else if (value.contains("{{")) {
                throw new InvalidInputException(node.location(), field, "may name one variable as {{name}}, nothing more");
            }
        }
        io.hastate.core.secret.Redactor.OUTPUT.add(value);
        return value;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> vars(YNode node, String field) {
        if (node == null || node instanceof YNode.YScalar s && s.isNull()) return Map.of();
        YNode.YMap m = node.asMap(field);
        for (YNode.YMap.Entry e : m.entries().values()) {
            if (RESERVED_VARS.contains(e.key())) {
                throw new InvalidInputException(e.keyLocation(), field + "." + e.key(),
                        "'" + e.key() + "' is reserved: hastate sets it for templates");
            }
        }
        Map<String, Object> plain = secrets.vars(m, field);
        // Backup settings are checked where they are written, wherever that is (all, a group, a pair, a host).
        for (String key : List.of("hastate_backup_dir", "hastate_backup_keep")) {
            if (!m.has(key)) continue;
            Map<String, Object> alone = new LinkedHashMap<>();
            alone.put(key, plain.get(key));
            try {
                Backups.of(alone);
            } catch (IllegalArgumentException ex) {
                throw new InvalidInputException(m.get(key).location(), field + "." + key, ex.getMessage());
            }
        }
        // Map.copyOf refuses nulls; keep the declared order and drop null leaves explicitly.
        Map<String, Object> out = new LinkedHashMap<>();
        plain.forEach((k, v) -> out.put(k, v == null ? "" : v));
        return out;
    }

    private static void requireIdentifier(String name, Location where, String field) {
        if (!Names.isIdentifier(name)) {
            throw new InvalidInputException(where, field, "'" + name + "' is not a valid name (letters, digits, _ . -)");
        }
    }

    /**
     * A host in several pairs runs one keepalived.conf with the instances of all of them, and one set of
     * interface settings: its pairs share the interface and the protection.
     */
    private static void requireOneKeepalived(PairNode node, Pair first, Pair p) {
        for (Vrrp v : p.instances()) {
            if (!v.iface().equals(first.vrrp().iface()) || !v.protection().equals(first.vrrp().protection())) {
                throw new InvalidInputException(node.location(), "pairs." + p.name() + ".nodes." + node.host(),
                        "host " + node.host() + " is in pairs " + first.name() + " and " + p.name() + " on " + first.vrrp().iface() + " (" + first.vrrp().protection()
                                + ") and " + v.iface() + " (" + v.protection() + "): a host in several pairs has them on one interface with one protection"
                                + " (several interfaces per host are not implemented)");
            }
        }
    }

    /**
     * Two pairs with one VRID on one LAN would take each other's adverts. Without a declared {@code lan},
     * pairs on an interface of the same name are taken to share one.
     */
    private void checkVridsDistinct(Map<String, Pair> pairs) {
        Map<String, String> seen = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (Pair p : pairs.values()) {
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

    private static void checkNamesDistinct(Map<String, Host> hosts, Map<String, Group> groups, Map<String, Pair> pairs) {
        Set<String> seen = new HashSet<>(hosts.keySet());
        for (Group g : groups.values()) {
            if (!seen.add(g.name())) {
                throw new InvalidInputException(g.location(), "groups." + g.name(), "name already used by a host");
            }
        }
        for (Pair p : pairs.values()) {
            if (!seen.add(p.name())) {
                throw new InvalidInputException(p.location(), "pairs." + p.name(), "name already used by a host or group");
            }
        }
    }
}
