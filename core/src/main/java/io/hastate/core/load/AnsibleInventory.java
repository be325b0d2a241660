package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ansible inventory (YAML or INI) read as hastate's: its hosts (with {@code ansible_host},
 * {@code ansible_port}, {@code ansible_user}, {@code ansible_ssh_private_key_file},
 * {@code ansible_become} and {@code ansible_connection: local} as hastate's own fields), its groups
 * with their hosts, children and vars, and the vars of {@code all}. Other {@code ansible_*} variables
 * concern Ansible only and are left out. Every value keeps its line in the Ansible file, so bad input
 * names it there.
 */
public final class AnsibleInventory {
    private AnsibleInventory() {}

    private static final Map<String, String> HOST_FIELDS = Map.of("ansible_host", "address", "ansible_port", "port",
            "ansible_user", "user", "ansible_ssh_private_key_file", "identity", "ansible_become", "sudo", "ansible_connection", "connection");
    private static final Pattern RANGE = Pattern.compile("\\[(\\d+):(\\d+)]");

    /** Collected hosts and groups, in the order the file declares them. */
    private static final class Parts {
        final Map<String, Map<String, YNode>> hosts = new LinkedHashMap<>();
        final Map<String, Location> hostLines = new LinkedHashMap<>();
        final Map<String, List<YNode>> groupHosts = new LinkedHashMap<>();
        final Map<String, List<YNode>> groupChildren = new LinkedHashMap<>();
        final Map<String, Map<String, YNode>> groupVars = new LinkedHashMap<>();
        final Map<String, Location> groupLines = new LinkedHashMap<>();
        final Map<String, YNode> allVars = new LinkedHashMap<>();

        void host(String name, Location at) {
            if (hosts.size() >= MAX_HOSTS && !hosts.containsKey(name)) throw new InvalidInputException(at, "more than " + MAX_HOSTS + " hosts");
            hosts.computeIfAbsent(name, k -> new LinkedHashMap<>());
            hostLines.putIfAbsent(name, at);
        }

        void group(String name, Location at) {
            groupHosts.computeIfAbsent(name, k -> new ArrayList<>());
            groupChildren.computeIfAbsent(name, k -> new ArrayList<>());
            groupVars.computeIfAbsent(name, k -> new LinkedHashMap<>());
            groupLines.putIfAbsent(name, at);
        }
    }

    /** The inventory as hastate's {@code vars}, {@code hosts} and {@code groups}. */
    public static YNode.YMap read(Path file) {
        if (!Files.isRegularFile(file)) throw new InvalidInputException(new Location(file.toString(), 0), "Ansible inventory file not found");
        Parts parts = new Parts();
        String name = file.getFileName().toString();
        if (name.endsWith(".yml") || name.endsWith(".yaml")) yaml(YamlFiles.read(file), parts);
        else ini(file, parts);
        return toHastate(parts, new Location(file.toString(), 1));
    }

    private static void yaml(YNode root, Parts parts) {
        for (YNode.YMap.Entry top : root.asMap("inventory").entries().values()) {
            yamlGroup(top, parts);
        }
    }

    private static void yamlGroup(YNode.YMap.Entry g, Parts parts) {
        String group = g.key();
        boolean all = group.equals("all");
        if (!all && !group.equals("ungrouped")) parts.group(group, g.keyLocation());
        if (g.value() instanceof YNode.YScalar s && s.isNull()) return;
        YNode.YMap m = g.value().asMap(group);
        m.onlyKeys(group, List.of("hosts", "children", "vars"));
        if (m.has("hosts") && !(m.get("hosts") instanceof YNode.YScalar s && s.isNull())) {
            for (YNode.YMap.Entry h : m.get("hosts").asMap(group + ".hosts").entries().values()) {
                parts.host(h.key(), h.keyLocation());
                if (!all && !group.equals("ungrouped")) parts.groupHosts.get(group).add(new YNode.YScalar(h.key(), "str", h.keyLocation()));
                if (h.value() instanceof YNode.YMap vars) {
                    vars.entries().values().forEach(v -> parts.hosts.get(h.key()).put(v.key(), v.value()));
                }
            }
        }
        if (m.has("vars") && !(m.get("vars") instanceof YNode.YScalar s && s.isNull())) {
            Map<String, YNode> into = all ? parts.allVars : parts.groupVars.get(group);
            m.get("vars").asMap(group + ".vars").entries().values().forEach(v -> into.put(v.key(), v.value()));
        }
        if (m.has("children") && !(m.get("children") instanceof YNode.YScalar s && s.isNull())) {
            for (YNode.YMap.Entry child : m.get("children").asMap(group + ".children").entries().values()) {
                if (!all && !child.key().equals("ungrouped")) {
                    parts.groupChildren.get(group).add(new YNode.YScalar(child.key(), "str", child.keyLocation()));
                }
                yamlGroup(child, parts);
            }
        }
    }

    private static void ini(Path file, Parts parts) {
        List<String> lines;
        try {
            TrustedFiles.check(file, "owner and mode");
            if (Files.size(file) > YamlFiles.MAX_FILE_BYTES) {
                throw new InvalidInputException(new Location(file.toString(), 0), "larger than " + YamlFiles.MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException(new Location(file.toString(), 0), "cannot read the Ansible inventory: " + e.getMessage());
        }
        String group = "ungrouped";
        String kind = "hosts";
        for (int i = 0; i < lines.size(); i++) {
            Location at = new Location(file.toString(), i + 1);
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) throw new InvalidInputException(at, line, "a section header ends with ]");
                String section = line.substring(1, line.length() - 1).strip();
                int colon = section.indexOf(':');
                group = colon < 0 ? section : section.substring(0, colon);
                kind = colon < 0 ? "hosts" : section.substring(colon + 1);
                if (!List.of("hosts", "vars", "children").contains(kind)) {
                    throw new InvalidInputException(at, section, "unknown section kind '" + kind + "' (hosts, :vars or :children)");
                }
                if (!group.equals("all") && !group.equals("ungrouped")) parts.group(group, at);
                continue;
            }
            switch (kind) {
                case "vars" -> {
                    String[] kv = keyValue(line, at);
                    (group.equals("all") ? parts.allVars : parts.groupVars.get(group)).put(kv[0], scalar(kv[1], at));
                }
                case "children" -> {
                    if (!group.equals("all")) parts.groupChildren.get(group).add(new YNode.YScalar(line, "str", at));
                }
                default -> {
                    List<String> words = words(line, at);
                    for (String host : expand(words.get(0), at)) {
                        parts.host(host, at);
                        if (!group.equals("all") && !group.equals("ungrouped")) parts.groupHosts.get(group).add(new YNode.YScalar(host, "str", at));
                        for (String w : words.subList(1, words.size())) {
                            String[] kv = keyValue(w, at);
                            parts.hosts.get(host).put(kv[0], scalar(kv[1], at));
                        }
                    }
                }
            }
        }
        // A group named only as a child still exists, empty.
        for (List<YNode> children : List.copyOf(parts.groupChildren.values())) {
            for (YNode c : children) parts.group(((YNode.YScalar) c).value(), c.location());
        }
    }

    /** {@code key=value} words, values optionally quoted. */
    private static List<String> words(String line, Location at) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?:[^\\s\"']+|\"[^\"]*\"|'[^']*')+").matcher(line);
        while (m.find()) {
            if (m.group().startsWith("#")) break;
            out.add(m.group());
        }
        if (out.isEmpty()) throw new InvalidInputException(at, line, "expected a host name");
        return out;
    }

    private static String[] keyValue(String text, Location at) {
        int eq = text.indexOf('=');
        if (eq <= 0) throw new InvalidInputException(at, text, "expected key=value");
        String value = text.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1);
        }
        return new String[] {text.substring(0, eq).strip(), value};
    }

    private static YNode scalar(String value, Location at) {
        return new YNode.YScalar(value, "str", at);
    }

    /** As many hosts as a YAML inventory can hold. */
    static final int MAX_HOSTS = YamlFiles.MAX_NODES;

    /** A host pattern names at most this many hosts, however many ranges it has ({@code h[0:99][0:99]}). */
    static final int MAX_PATTERN_HOSTS = 10_000;

    /** {@code web[01:03]} is web01, web02 and web03. */
    private static List<String> expand(String pattern, Location at) {
        long total = 1;
        for (Matcher r = RANGE.matcher(pattern); r.find(); ) {
            if (r.group(1).length() > 9 || r.group(2).length() > 9) throw new InvalidInputException(at, pattern, "a host range's numbers have at most 9 digits");
            long size = Long.parseLong(r.group(2)) - Long.parseLong(r.group(1)) + 1;
            if (size < 1) throw new InvalidInputException(at, pattern, "a host range goes from low to high");
            total *= size;
            if (total > MAX_PATTERN_HOSTS) throw new InvalidInputException(at, pattern, "names more than " + MAX_PATTERN_HOSTS + " hosts");
        }
        return expandChecked(pattern, at);
    }

    private static List<String> expandChecked(String pattern, Location at) {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) return List.of(pattern);
        String from = m.group(1);
        int a = Integer.parseInt(from);
        int b = Integer.parseInt(m.group(2));
        List<String> out = new ArrayList<>();
        for (int n = a; n <= b; n++) {
            String number = from.length() > 1 && from.startsWith("0") ? String.format("%0" + from.length() + "d", n) : Integer.toString(n);
            out.addAll(expandChecked(pattern.substring(0, m.start()) + number + pattern.substring(m.end()), at));
        }
        return out;
    }

    private static YNode.YMap toHastate(Parts parts, Location at) {
        Map<String, YNode.YMap.Entry> hosts = new LinkedHashMap<>();
        parts.hosts.forEach((name, hostVars) -> {
            Location line = parts.hostLines.get(name);
            Map<String, YNode.YMap.Entry> fields = new LinkedHashMap<>();
            Map<String, YNode.YMap.Entry> own = new LinkedHashMap<>();
            // Connection settings reach a host as Ansible's precedence has it: all, parent groups, its groups, itself.
            Map<String, YNode> vars = new LinkedHashMap<>();
            parts.allVars.forEach((k, v) -> {
                if (k.startsWith("ansible_")) vars.put(k, v);
            });
            for (String g : groupsOf(name, parts)) {
                parts.groupVars.get(g).forEach((k, v) -> {
                    if (k.startsWith("ansible_")) vars.put(k, v);
                });
            }
            vars.putAll(hostVars);
            vars.forEach((k, v) -> {
                String field = HOST_FIELDS.get(k);
                if (field != null && field.equals("connection")) {
                    // Ansible's ssh, paramiko and smart all mean SSH to hastate.
                    String c = v instanceof YNode.YScalar sc && sc.value().equals("local") ? "local" : "ssh";
                    fields.put(field, new YNode.YMap.Entry(field, v.location(), new YNode.YScalar(c, "str", v.location())));
                } else if (field != null) {
                    fields.put(field, new YNode.YMap.Entry(field, v.location(), v));
                }
                else if (!k.startsWith("ansible_")) own.put(k, new YNode.YMap.Entry(k, v.location(), v));
            });
            if (!own.isEmpty()) fields.put("vars", new YNode.YMap.Entry("vars", line, new YNode.YMap(own, line)));
            hosts.put(name, new YNode.YMap.Entry(name, line, new YNode.YMap(fields, line)));
        });
        Map<String, YNode.YMap.Entry> groups = new LinkedHashMap<>();
        parts.groupHosts.forEach((name, members) -> {
            Location line = parts.groupLines.get(name);
            Map<String, YNode.YMap.Entry> fields = new LinkedHashMap<>();
            fields.put("hosts", new YNode.YMap.Entry("hosts", line, new YNode.YList(members, line)));
            fields.put("children", new YNode.YMap.Entry("children", line, new YNode.YList(parts.groupChildren.get(name), line)));
            fields.put("vars", new YNode.YMap.Entry("vars", line, entries(parts.groupVars.get(name), line)));
            groups.put(name, new YNode.YMap.Entry(name, line, new YNode.YMap(fields, line)));
        });
        Map<String, YNode.YMap.Entry> root = new LinkedHashMap<>();
        root.put("vars", new YNode.YMap.Entry("vars", at, entries(parts.allVars, at)));
        root.put("hosts", new YNode.YMap.Entry("hosts", at, new YNode.YMap(hosts, at)));
        root.put("groups", new YNode.YMap.Entry("groups", at, new YNode.YMap(groups, at)));
        return new YNode.YMap(root, at);
    }

    /** Ansible's own variables stay Ansible's: they become host fields above, never hastate variables. */
    private static YNode.YMap entries(Map<String, YNode> values, Location at) {
        Map<String, YNode.YMap.Entry> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!k.startsWith("ansible_")) out.put(k, new YNode.YMap.Entry(k, v.location(), v));
        });
        return new YNode.YMap(out, at);
    }

    /** The host's groups, farthest ancestors first, so that nearer groups override them. */
    private static List<String> groupsOf(String host, Parts parts) {
        List<String> direct = new ArrayList<>();
        parts.groupHosts.forEach((g, members) -> {
            if (members.stream().anyMatch(m -> ((YNode.YScalar) m).value().equals(host))) direct.add(g);
        });
        List<String> ordered = new ArrayList<>();
        for (String g : direct) addWithAncestors(g, parts, ordered, new java.util.HashSet<>());
        return ordered;
    }

    private static void addWithAncestors(String group, Parts parts, List<String> ordered, java.util.Set<String> seen) {
        if (!seen.add(group)) return;
        parts.groupChildren.forEach((parent, children) -> {
            if (children.stream().anyMatch(c -> ((YNode.YScalar) c).value().equals(group))) addWithAncestors(parent, parts, ordered, seen);
        });
        if (!ordered.contains(group)) ordered.add(group);
    }
}
