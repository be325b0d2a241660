package io.hastate.core.load;

import io.hastate.core.load.StateDecl;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A folder of state files. A state name such as {@code ha.vip} is the file {@code ha/vip.yaml} or
 * {@code ha/vip/init.yaml}; a file's {@code include:} list is loaded first, each file only once.
 */
public final class StateTree {
    public static final String TOP_FILE = "top.yaml";
    private static final Pattern STATE_NAME = Pattern.compile("\\.*[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern FUNCTION = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");

    private final Path root;

    public StateTree(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path topFile() {
        return root.resolve(TOP_FILE);
    }

    /** The states of the named files and everything they include, in declaration order. */
    public List<StateDecl> load(List<String> names, Location requestedAt) {
        Loading loading = new Loading();
        for (String name : names) loading.file(name, null, requestedAt);
        return loading.states;
    }

    private final class Loading {
        final Set<Path> loaded = new LinkedHashSet<>();
        final List<StateDecl> states = new ArrayList<>();
        final Map<String, Location> declared = new HashMap<>();

        void file(String name, String relativeTo, Location requestedAt) {
            String full = absoluteName(name, relativeTo, requestedAt);
            Path file = locate(full, requestedAt);
            if (!loaded.add(file)) return;
            YNode.YMap doc = YamlFiles.read(file).asMap(full);
            YNode include = doc.get("include");
            if (include != null) {
                for (YNode n : include.asListOrSingle("include")) file(n.asString("include"), full, n.location());
            }
            for (YNode.YMap.Entry e : doc.entries().values()) {
                if (e.key().equals("include")) continue;
                state(e);
            }
        }

        private void state(YNode.YMap.Entry e) {
            String id = e.key();
            YNode.YMap functions = e.value().asMap(id);
            if (functions.entries().isEmpty()) {
                throw new InvalidInputException(e.keyLocation(), id, "no state function given (e.g. file.managed:)");
            }
            for (YNode.YMap.Entry f : functions.entries().values()) {
                if (!FUNCTION.matcher(f.key()).matches()) {
                    throw new InvalidInputException(f.keyLocation(), id + "." + f.key(),
                            "expected module.function (e.g. file.managed), got '" + f.key() + "'");
                }
                String module = f.key().substring(0, f.key().indexOf('.'));
                Location previous = declared.putIfAbsent(id + "\u0000" + module, f.keyLocation());
                if (previous != null) {
                    throw new InvalidInputException(f.keyLocation(), id,
                            "state '" + id + "' already has a " + module + " function (declared at " + previous + ")");
                }
                states.add(new StateDecl(id, f.key(), argsOf(id + "." + f.key(), f.value(), f.keyLocation()), f.keyLocation()));
            }
        }
    }

    /** Arguments may be a mapping or, as in Salt, a list of one-key mappings. */
    private static YNode.YMap argsOf(String field, YNode node, Location at) {
        if (node instanceof YNode.YScalar s && s.isNull()) return new YNode.YMap(Map.of(), at);
        if (node instanceof YNode.YMap m) return m;
        if (node instanceof YNode.YList l) {
            Map<String, YNode.YMap.Entry> merged = new LinkedHashMap<>();
            for (YNode item : l.items()) {
                YNode.YMap m = item.asMap(field);
                for (YNode.YMap.Entry e : m.entries().values()) {
                    if (merged.put(e.key(), e) != null) {
                        throw new InvalidInputException(e.keyLocation(), field + "." + e.key(), "argument given twice");
                    }
                }
            }
            return new YNode.YMap(merged, l.location());
        }
        throw new InvalidInputException(node.location(), field, "expected arguments as a mapping, got " + node.kind());
    }

    private static String absoluteName(String name, String relativeTo, Location at) {
        if (!STATE_NAME.matcher(name).matches()) {
            throw new InvalidInputException(at, "include", "'" + name + "' is not a state name (like ha.vip)");
        }
        if (!name.startsWith(".")) return name;
        // Salt's relative include: ".sibling" is next to the including file, "..x" one level up.
        int dots = 0;
        while (dots < name.length() && name.charAt(dots) == '.') dots++;
        List<String> parts = new ArrayList<>(List.of(relativeTo == null ? new String[0] : relativeTo.split("\\.")));
        for (int i = 0; i < dots && !parts.isEmpty(); i++) parts.remove(parts.size() - 1);
        parts.add(name.substring(dots));
        return String.join(".", parts);
    }

    /** A state file reached through a link must still be in the tree: states never read other files. */
    private void requireInside(Path file, String name, Location at) {
        try {
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                throw new InvalidInputException(at, "state '" + name + "' is a link to a file outside the state tree " + root);
            }
        } catch (java.io.IOException e) {
            throw new InvalidInputException(at, "state '" + name + "' cannot be read: " + e.getMessage());
        }
    }

    private Path locate(String name, Location at) {
        String rel = name.replace('.', '/');
        for (Path candidate : List.of(root.resolve(rel + ".yaml"), root.resolve(rel + ".yml"),
                root.resolve(rel).resolve("init.yaml"), root.resolve(rel).resolve("init.yml"))) {
            if (Files.isRegularFile(candidate)) {
                requireInside(candidate, name, at);
                return candidate.normalize();
            }
        }
        List<String> near = io.hastate.core.text.Nearest.to(name, stateNames());
        throw new InvalidInputException(at, "state '" + name + "' not found (looked for " + root.resolve(rel + ".yaml")
                + " and " + root.resolve(rel).resolve("init.yaml") + ")" + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?"));
    }

    /** The names of the states this tree has (a file, or a folder's init), a few levels deep: for a suggestion. */
    private List<String> stateNames() {
        List<String> names = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.walk(root, 4)) {
            files.limit(5000).filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml"))
                    .map(f -> f.substring(0, f.lastIndexOf('.')))
                    .map(f -> f.endsWith("/init") ? f.substring(0, f.length() - "/init".length()) : f)
                    .filter(f -> !f.isEmpty() && !f.equals("init"))
                    .map(f -> f.replace('/', '.')).sorted().forEach(names::add);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
        return names;
    }
}
