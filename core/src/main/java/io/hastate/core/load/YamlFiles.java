package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YNode}s. Only the node graph is composed; no Java object is ever
 * constructed from a tag, so a file cannot make hastate instantiate anything.
 */
public final class YamlFiles {
    private YamlFiles() {}

    /** Files hastate reads are written by hand: anything larger is a mistake, or an attack. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** Nodes after aliases are expanded: a few hundred hosts need thousands; an alias bomb, billions. */
    static final int MAX_NODES = 200_000;
    static final int MAX_DEPTH = 40;

    public static YNode read(Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(new Location(file.toString(), 0), Files.exists(file) ? "not a regular file" : "no such file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidInputException(new Location(file.toString(), 0), "larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            TrustedFiles.check(file, "owner and mode");
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(new Location(file.toString(), 0), "cannot read file: " + e.getMessage());
        }
        return parse(file.toString(), Utf8Text.decode(file.toString(), bytes));
    }

    public static YNode parse(String source, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(MAX_DEPTH * 2);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            int contextLine = e.getContextMark() == null ? 0 : e.getContextMark().getLine() + 1;
            throw new InvalidInputException(new Location(source, line), "malformed YAML: " + YamlJargon.explain(problem, e.getContext(),
                    contextLine == line ? 0 : contextLine));
        } catch (YAMLException e) {
            // SnakeYAML's own limits (nesting, size) carry no position: the document as a whole is refused.
            throw new InvalidInputException(new Location(source, 1), "malformed YAML: " + e.getMessage());
        }
        if (root == null) {
            return new YNode.YMap(Map.of(), new Location(source, 1));
        }
        return new Converter(source).convert(root, new IdentityHashMap<>());
    }

    private static final class Converter {
        private final String source;
        private int nodes;

        Converter(String source) {
            this.source = source;
        }

        YNode convert(Node node, IdentityHashMap<Node, Boolean> active) {
            Location loc = new Location(source, node.getStartMark().getLine() + 1);
            if (++nodes > MAX_NODES) {
                throw new InvalidInputException(loc, "the document expands to more than " + MAX_NODES + " values (aliases repeated too often?)");
            }
            if (active.size() >= MAX_DEPTH) {
                throw new InvalidInputException(loc, "nested deeper than " + MAX_DEPTH + " levels");
            }
            if (active.containsKey(node)) {
                throw new InvalidInputException(loc, "recursive YAML alias");
            }
            active.put(node, true);
            try {
                if (node instanceof ScalarNode s) {
                    // A block scalar's text starts on the line after its | or > indicator.
                    boolean block = s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                            || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
                    Location at = block ? new Location(source, loc.line() + 1) : loc;
                    return new YNode.YScalar(s.getValue(), typeOf(s.getTag()), at);
                }
                if (node instanceof SequenceNode seq) {
                    List<YNode> items = new ArrayList<>();
                    for (Node item : seq.getValue()) items.add(convert(item, active));
                    return new YNode.YList(items, loc);
                }
                MappingNode map = (MappingNode) node;
                Map<String, YNode.YMap.Entry> entries = new LinkedHashMap<>();
                for (NodeTuple t : map.getValue()) {
                    Location keyLoc = new Location(source, t.getKeyNode().getStartMark().getLine() + 1);
                    if (!(t.getKeyNode() instanceof ScalarNode k)) {
                        throw new InvalidInputException(keyLoc, "mapping keys must be plain values");
                    }
                    String key = k.getValue();
                    if (key.equals("<<")) {
                        throw new InvalidInputException(keyLoc, key, "YAML merge keys are not supported; use variables instead");
                    }
                    if (entries.containsKey(key)) {
                        throw new InvalidInputException(keyLoc, key, "duplicate key (first at line "
                                + entries.get(key).keyLocation().line() + ")");
                    }
                    entries.put(key, new YNode.YMap.Entry(key, keyLoc, convert(t.getValueNode(), active)));
                }
                return new YNode.YMap(entries, loc);
            } finally {
                active.remove(node);
            }
        }

        private static String typeOf(Tag tag) {
            if (Tag.NULL.equals(tag)) return "null";
            if (Tag.BOOL.equals(tag)) return "bool";
            if (Tag.INT.equals(tag)) return "int";
            if (Tag.FLOAT.equals(tag)) return "float";
            return "str";
        }
    }
}
