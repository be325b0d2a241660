package io.hastate.core.load;

import io.hastate.core.model.Group;
import io.hastate.core.model.Host;
import io.hastate.core.model.HostSet;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.model.Names;
import io.hastate.core.model.SshOptions;

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
    private static final List<String> TOP = List.of("states", "modules", "ssh", "vars", "hosts", "groups", "ansible");
    /** {@code -i ansible:PATH}: an Ansible inventory, read as it is. */
    public static final String ANSIBLE_PREFIX = "ansible:";
    private static final List<String> SSH_FIELDS = List.of("known_hosts", "config", "connect_timeout");
    private static final List<String> HOST_FIELDS = List.of("address", "port", "user", "identity", "sudo", "sudo_password_var", "connection", "vars");
    private static final List<String> GROUP_FIELDS = List.of("hosts", "children", "vars");
    /** Template names hastate fills in itself; a variable may not shadow them. */
    public static final Set<String> RESERVED_VARS = Set.of("host", "pair", "peer");

    /** The sections modules of hastate read (hastate-ha: pairs), by key. */
    private final Map<String, InventorySection> sections = new LinkedHashMap<>();
    private InventoryVars variables;
    private final List<String> notes = new ArrayList<>();

    /** An inventory loader reading the sections of the modules on the class path. */
    public InventoryLoader() {
        this(java.util.ServiceLoader.load(InventorySection.class, InventoryLoader.class.getClassLoader()).stream()
                .map(java.util.ServiceLoader.Provider::get).toList());
    }

    /** An inventory loader reading exactly these sections (an embedder's own, or none). */
    public InventoryLoader(List<InventorySection> sections) {
        for (InventorySection section : sections) {
            if (TOP.contains(section.key()) || this.sections.putIfAbsent(section.key(), section) != null) {
                throw new IllegalArgumentException("two readers for the inventory's " + section.key() + ": section");
            }
        }
    }

    /** A hastate inventory, or with {@code ansible:PATH} an Ansible one (YAML or INI), which then has no pairs. */
    public Inventory load(Path file) {
        notes.clear();
        YNode.YMap root;
        if (file.toString().startsWith(ANSIBLE_PREFIX)) {
            file = Path.of(file.toString().substring(ANSIBLE_PREFIX.length()));
            root = AnsibleInventory.read(file);
        } else {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(new Location(file.toString(), 0), "inventory file not found");
            }
            root = YamlFiles.read(file).asMap("inventory");
            root.onlyKeys("", java.util.stream.Stream.concat(TOP.stream(), sections.keySet().stream()).toList());
            if (root.has("ansible")) root = withAnsible(root, file);
        }
        variables = new InventoryVars(file.toAbsolutePath().getParent(), root.get("vars"));
        Map<String, Object> allVars = variables.all();
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

        Map<String, Map<String, ? extends HostSet>> read = new LinkedHashMap<>();
        SectionContext context = new Context(hosts);
        for (InventorySection section : sections.values()) {
            YNode node = root.get(section.key());
            if (node == null || node instanceof YNode.YScalar s && s.isNull()) continue;
            read.put(section.key(), section.read(node.asMap(section.key()), context));
        }
        checkNamesDistinct(hosts, groups, read);

        String states = null;
        if (root.get("states") != null) {
            Path base = file.toAbsolutePath().getParent();
            Path abs = base.resolve(root.get("states").asString("states")).normalize();
            Path cwd = Path.of("").toAbsolutePath();
            states = (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString();
        }
        Inventory inventory = new Inventory(file.toString(), allVars, hosts, groups, read, states, ssh(root.get("ssh"), file),
                modules(root.get("modules"), file), notes);
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
        Map<String, Object> vars = variables.read(m.get("vars"), field + ".vars");
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
        return new Group(e.key(), members, children, variables.read(m.get("vars"), field + ".vars"), e.keyLocation());
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

    private static void requireIdentifier(String name, Location where, String field) {
        if (!Names.isIdentifier(name)) {
            throw new InvalidInputException(where, field, "'" + name + "' is not a valid name (letters, digits, _ . -)");
        }
    }

    private static void checkNamesDistinct(Map<String, Host> hosts, Map<String, Group> groups, Map<String, Map<String, ? extends HostSet>> sections) {
        Set<String> seen = new HashSet<>(hosts.keySet());
        for (Group g : groups.values()) {
            if (!seen.add(g.name())) {
                throw new InvalidInputException(g.location(), "groups." + g.name(), "name already used by a host");
            }
        }
        for (var section : sections.entrySet()) {
            for (HostSet set : section.getValue().values()) {
                if (!seen.add(set.name())) {
                    throw new InvalidInputException(set.location(), section.getKey() + "." + set.name(), "name already used by a host, a group or another entry");
                }
            }
        }
    }

    /** The loader's rules, as a section reads against them. */
    private final class Context implements SectionContext {
        private final Map<String, Host> hosts;

        Context(Map<String, Host> hosts) {
            this.hosts = java.util.Collections.unmodifiableMap(hosts);
        }

        @Override
        public Map<String, Host> hosts() {
            return hosts;
        }

        @Override
        public Map<String, Object> allVars() {
            return variables.all();
        }

        @Override
        public Map<String, Object> vars(YNode node, String field) {
            return variables.read(node, field);
        }

        @Override
        public void note(Location at, String field, String text) {
            notes.add(at + ": " + field + ": " + text);
        }

        @Override
        public String secret(YNode node, String field, Map<String, Object> localVars, String localVarsOwner) {
            return variables.secret(node, field, localVars, localVarsOwner);
        }
    }
}
