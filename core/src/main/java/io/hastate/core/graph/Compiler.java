package io.hastate.core.graph;

import io.hastate.core.load.StateDecl;
import io.hastate.core.load.YNode;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateRef;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.module.StateFunction;
import io.hastate.core.template.Templates;

import java.io.IOException;
import io.hastate.core.load.TreeFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns declared states into one host's validated graph: renders templates with the host's
 * variables, checks every argument against its function's specs, resolves requisites, orders.
 * Nothing here touches a host.
 */
public final class Compiler {
    private static final String NAME = "name";
    private static final String SHOW_CHANGES = "show_changes";
    private static final String WHEN = "when";
    /** One state per item of a list (Terraform's for_each): the item is {@code each} in its templates. */
    private static final String FOR_EACH = "for_each";
    private static final String EACH = "each";
    /** A value that is one variable and nothing else keeps that variable's type: a list stays a list. */
    private static final java.util.regex.Pattern WHOLE_VALUE = java.util.regex.Pattern.compile("\\s*\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}\\s*");

    private final ModuleRegistry registry;
    private final Templates templates = new Templates();

    /** Where templates may be read from: the state tree, or (when none is given) each state file's folder. */
    private final Path treeRoot;

    public Compiler(ModuleRegistry registry) {
        this(registry, null);
    }

    public Compiler(ModuleRegistry registry, Path treeRoot) {
        this.treeRoot = treeRoot;
        this.registry = registry;
    }

    public StateGraph compile(List<StateDecl> decls, Map<String, Object> context) {
        List<CompiledState> states = new ArrayList<>();
        Set<String> declaredNone = new LinkedHashSet<>();
        for (StateDecl d : decls) {
            YNode forEach = d.args().entries().containsKey(FOR_EACH) ? d.args().entries().get(FOR_EACH).value() : null;
            if (forEach == null) {
                states.add(compileOne(states.size(), d, context));
                continue;
            }
            Set<String> keys = new LinkedHashSet<>();
            List<?> items = items(d, forEach, context);
            if (items.isEmpty()) declaredNone.add(d.id());
            for (Object item : items) {
                String key = keyOf(item);
                if (!keys.add(key)) {
                    throw new InvalidInputException(forEach.location(), d.id() + "." + FOR_EACH, "two items have the key '" + key
                            + "' (an item's key is the item itself, or its 'key' or 'name' field)");
                }
                Map<String, Object> itemContext = new LinkedHashMap<>(context);
                itemContext.put(EACH, item);
                Map<String, YNode.YMap.Entry> args = new LinkedHashMap<>(d.args().entries());
                args.remove(FOR_EACH);
                StateDecl one = new StateDecl(d.id() + "[" + key + "]", d.function(), new YNode.YMap(args, d.args().location()), d.location());
                states.add(compileOne(states.size(), one, itemContext));
            }
        }
        requireOneCommandPerFactKey(states);
        return StateGraph.build(states, declaredNone);
    }

    /** Facts share a read by key: two functions using one key for different commands would read wrong values. */
    private static void requireOneCommandPerFactKey(List<CompiledState> states) {
        Map<String, String> commands = new LinkedHashMap<>();
        Map<String, String> owners = new LinkedHashMap<>();
        for (CompiledState s : states) {
            if (s.inactive() != null) continue;
            for (io.hastate.core.facts.Fact<?> f : s.function().facts(s.args())) {
                String known = commands.putIfAbsent(f.key(), f.command());
                owners.putIfAbsent(f.key(), s.function().qualifiedName());
                if (known != null && !known.equals(f.command())) {
                    throw new InvalidInputException(s.ref().location(), s.ref().id(), s.function().qualifiedName() + " reads fact '" + f.key()
                            + "' with another command than " + owners.get(f.key()) + " does: a module must key its facts by its own name");
                }
            }
        }
    }

    private CompiledState compileOne(int index, StateDecl d, Map<String, Object> context) {
        StateFunction fn = registry.find(d.function()).orElseThrow(() -> unknownFunction(d));
        Map<String, ArgSpec> specs = new LinkedHashMap<>();
        for (ArgSpec s : fn.args()) specs.put(s.name(), s);

        Map<String, Object> values = new LinkedHashMap<>();
        List<Requisite> requisites = new ArrayList<>();
        String name = d.id();
        boolean showChanges = true;
        String inactive = null;
        for (YNode.YMap.Entry e : d.args().entries().values()) {
            String field = d.id() + "." + e.key();
            var requisiteKind = RequisiteKind.parse(e.key());
            if (requisiteKind.isPresent()) {
                requisites.addAll(requisites(requisiteKind.get(), e.value(), field));
            } else if (e.key().equals(NAME)) {
                name = render(e.value(), context, field).asString(field);
            } else if (e.key().equals(SHOW_CHANGES)) {
                showChanges = e.value().asBool(field);
            } else if (e.key().equals(WHEN)) {
                String condition = render(e.value(), context, field).asScalar(field).value();
                try {
                    if (!Conditions.evaluate(condition)) inactive = "not applicable: when '" + condition + "' is false";
                } catch (IllegalArgumentException ex) {
                    throw new InvalidInputException(e.value().location(), field, ex.getMessage());
                }
            } else {
                ArgSpec spec = specs.get(e.key());
                if (spec == null) {
                    throw new InvalidInputException(e.keyLocation(), field, "unknown argument for " + fn.qualifiedName()
                            + " (known: " + String.join(", ", known(specs)) + ")");
                }
                YNode rendered = render(e.value(), context, field);
                Object value = convert(spec, rendered, field, context);
                if (value != null && !spec.rule().test(value)) {
                    throw new InvalidInputException(rendered.location(), field,
                            "must be " + spec.ruleText() + ", got '" + (spec.secret() ? "(hidden)" : value) + "'");
                }
                values.put(e.key(), value);
            }
        }
        for (ArgSpec spec : specs.values()) {
            if (values.get(spec.name()) != null) continue;
            if (spec.required()) {
                throw new InvalidInputException(d.location(), d.id() + "." + spec.name(),
                        fn.qualifiedName() + " needs argument '" + spec.name() + "'");
            }
            if (spec.defaultValue() != null) values.put(spec.name(), spec.defaultValue());
        }
        values.put(NAME, name);
        Args args = new Args(values);
        try {
            fn.validate(args);
            if (fn.argsType() != null) args.bind(fn.argsType());
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException(d.location(), d.id(), ex.getMessage());
        }
        StateRef ref = new StateRef(d.id(), fn.module(), fn.function(), name, d.location());
        return new CompiledState(index, ref, fn, args, requisites, showChanges, inactive);
    }

    /** The list a state's for_each names: one variable holding a list (an empty one declares no state). */
    private static List<?> items(StateDecl d, YNode forEach, Map<String, Object> context) {
        String field = d.id() + "." + FOR_EACH;
        var whole = forEach instanceof YNode.YScalar s && !s.isNull() ? WHOLE_VALUE.matcher(s.value()) : null;
        if (whole == null || !whole.matches()) {
            throw new InvalidInputException(forEach.location(), field, "must be one variable holding a list, like \"{{pair.interfaces}}\"");
        }
        Object value = lookup(context, whole.group(1));
        if (value == MISSING) throw new InvalidInputException(forEach.location(), field, "undefined variable '" + whole.group(1) + "'");
        if (value == null) return List.of();
        if (!(value instanceof List<?> list)) {
            throw new InvalidInputException(forEach.location(), field, "'" + whole.group(1) + "' is not a list");
        }
        return list;
    }

    /** What tells an item's state from its siblings': its 'key' or 'name' field, or the item itself. */
    private static String keyOf(Object item) {
        if (item instanceof Map<?, ?> m) {
            Object key = m.containsKey("key") ? m.get("key") : m.get("name");
            if (key != null) return String.valueOf(key);
        }
        return String.valueOf(item);
    }

    private InvalidInputException unknownFunction(StateDecl d) {
        String module = d.function().substring(0, d.function().indexOf('.'));
        Set<String> functions = registry.functionsOf(module);
        String hint = functions.isEmpty()
                ? "unknown module '" + module + "' (known: " + String.join(", ", modules()) + ")"
                : "unknown function '" + d.function() + "' (" + module + " has: " + String.join(", ", functions) + ")";
        return new InvalidInputException(d.location(), d.id(), hint);
    }

    private Set<String> modules() {
        Set<String> out = new LinkedHashSet<>();
        for (String n : registry.names()) out.add(n.substring(0, n.indexOf('.')));
        return out;
    }

    private static List<String> known(Map<String, ArgSpec> specs) {
        List<String> out = new ArrayList<>(specs.keySet());
        out.add(NAME);
        out.add(SHOW_CHANGES);
        out.add(WHEN);
        out.add(FOR_EACH);
        for (RequisiteKind k : RequisiteKind.values()) {
            out.add(k.key());
            out.add(k.inKey());
        }
        return out;
    }

    private static List<Requisite> requisites(RequisiteKind.Parsed kind, YNode value, String field) {
        List<Requisite> out = new ArrayList<>();
        for (YNode item : value.asListOrSingle(field)) {
            if (item instanceof YNode.YMap m) {
                for (YNode.YMap.Entry e : m.entries().values()) {
                    out.add(new Requisite(kind.kind(), kind.reverse(), e.key(), e.value().asString(field + "." + e.key()), e.keyLocation()));
                }
            } else {
                out.add(new Requisite(kind.kind(), kind.reverse(), null, item.asString(field), item.location()));
            }
        }
        return out;
    }

    /** Renders every string inside {@code node}; a template error points at the scalar's line. */
    private YNode render(YNode node, Map<String, Object> context, String field) {
        if (node instanceof YNode.YScalar s) {
            if (s.isNull() || !s.value().contains("{{")) return s;
            var whole = WHOLE_VALUE.matcher(s.value());
            if (whole.matches()) {
                Object value = lookup(context, whole.group(1));
                if (value == MISSING) {
                    throw new InvalidInputException(s.location(), field, "undefined variable '" + whole.group(1) + "'");
                }
                return fromPlain(value, s.location());
            }
            try {
                return new YNode.YScalar(templates.render(s.value(), context), "str", s.location());
            } catch (Templates.TemplateException ex) {
                int line = s.location().line() + Math.max(0, ex.line() - 1);
                throw new InvalidInputException(new Location(s.location().file(), line), field, ex.getMessage());
            }
        }
        if (node instanceof YNode.YList l) {
            List<YNode> items = new ArrayList<>();
            for (YNode n : l.items()) items.add(render(n, context, field));
            return new YNode.YList(items, l.location());
        }
        YNode.YMap m = (YNode.YMap) node;
        Map<String, YNode.YMap.Entry> entries = new LinkedHashMap<>();
        for (YNode.YMap.Entry e : m.entries().values()) {
            entries.put(e.key(), new YNode.YMap.Entry(e.key(), e.keyLocation(), render(e.value(), context, field + "." + e.key())));
        }
        return new YNode.YMap(entries, m.location());
    }

    private static final Object MISSING = new Object();

    /** The value at a dotted path; null when the variable exists but is empty, MISSING when it does not exist. */
    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> context, String path) {
        Object cur = context;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m) || !m.containsKey(part)) return MISSING;
            cur = ((Map<String, Object>) m).get(part);
        }
        return cur;
    }

    /** Plain data from the inventory as YAML nodes, all placed at the line that referenced them. */
    private static YNode fromPlain(Object value, Location at) {
        if (value == null) return new YNode.YScalar("", "null", at);
        if (value instanceof Map<?, ?> m) {
            Map<String, YNode.YMap.Entry> entries = new LinkedHashMap<>();
            m.forEach((k, v) -> entries.put(String.valueOf(k), new YNode.YMap.Entry(String.valueOf(k), at, fromPlain(v, at))));
            return new YNode.YMap(entries, at);
        }
        if (value instanceof List<?> l) {
            List<YNode> items = new ArrayList<>();
            for (Object o : l) items.add(fromPlain(o, at));
            return new YNode.YList(items, at);
        }
        String type = value instanceof Boolean ? "bool" : value instanceof Long || value instanceof Integer ? "int" : "str";
        return new YNode.YScalar(String.valueOf(value), type, at);
    }

    private Object convert(ArgSpec spec, YNode node, String field, Map<String, Object> context) {
        if (node instanceof YNode.YScalar s && s.isNull()) return null;
        return switch (spec.type()) {
            case STRING -> node.asString(field);
            case INT -> (long) node.asInt(field);
            case BOOL -> node.asBool(field);
            case LIST -> {
                List<Object> items = new ArrayList<>();
                for (YNode n : node.asListOrSingle(field)) items.add(n.toPlain());
                yield items;
            }
            case MAP -> node.asMap(field).toPlain();
            case ANY -> node.toPlain();
            case TEMPLATE_FILE -> renderFile(node, field, context);
        };
    }

    private String renderFile(YNode node, String field, Map<String, Object> context) {
        Path stateFile = Path.of(node.location().file());
        String name = node.asString(field);
        if (name.isEmpty() || name.indexOf('\0') >= 0) throw new InvalidInputException(node.location(), field, "must name a template file");
        Path file = stateFile.toAbsolutePath().getParent().resolve(name).normalize();
        String text;
        try {
            text = TreeFiles.read(treeRoot != null ? treeRoot : stateFile.toAbsolutePath().getParent(), file);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new InvalidInputException(node.location(), field, "cannot use template " + name + ": " + e.getMessage());
        }
        try {
            return templates.render(text, context);
        } catch (Templates.TemplateException ex) {
            throw new InvalidInputException(new Location(file.toString(), ex.line()), field, ex.getMessage());
        }
    }
}
