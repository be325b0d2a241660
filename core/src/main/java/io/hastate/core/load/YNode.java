package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so every error can name file and line.
 * Only three shapes exist: a map with string keys, a list, and a scalar.
 */
public sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    Location location();

    /** The same value as plain Java objects: Map, List, String, Long, Double, Boolean or null. */
    Object toPlain();

    String kind();

    default YMap asMap(String field) {
        if (this instanceof YMap m) return m;
        throw new InvalidInputException(location(), field, "expected a mapping, got " + kind());
    }

    default YList asList(String field) {
        if (this instanceof YList l) return l;
        throw new InvalidInputException(location(), field, "expected a list, got " + kind());
    }

    /** A list, or a single value taken as a one-element list. */
    default List<YNode> asListOrSingle(String field) {
        if (this instanceof YList l) return l.items();
        return List.of(this);
    }

    default YScalar asScalar(String field) {
        if (this instanceof YScalar s) return s;
        throw new InvalidInputException(location(), field, "expected a single value, got " + kind());
    }

    default String asString(String field) {
        YScalar s = asScalar(field);
        if (s.isNull()) throw new InvalidInputException(location(), field, "a value is required");
        return s.value();
    }

    default int asInt(String field) {
        String text = asString(field);
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(location(), field, "expected a whole number, got '" + text + "'");
        }
    }

    default boolean asBool(String field) {
        String text = asString(field).trim().toLowerCase();
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidInputException(location(), field, "expected true or false, got '" + text + "'");
        };
    }

    record YMap(Map<String, Entry> entries, Location location) implements YNode {
        public YMap {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public record Entry(String key, Location keyLocation, YNode value) {}

        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        public YNode require(String key, String field) {
            YNode v = get(key);
            if (v == null) throw new InvalidInputException(location, field, "missing required field '" + key + "'");
            return v;
        }

        /** Fails on any key not in {@code allowed}, naming the line of the unknown key. */
        public void onlyKeys(String field, java.util.Collection<String> allowed) {
            for (Entry e : entries.values()) {
                if (!allowed.contains(e.key())) {
                    String where = field == null || field.isEmpty() ? e.key() : field + "." + e.key();
                    throw new InvalidInputException(e.keyLocation(), where,
                            "unknown field (allowed: " + String.join(", ", allowed) + ")");
                }
            }
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, e) -> out.put(k, e.value().toPlain()));
            return out;
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record YList(List<YNode> items, Location location) implements YNode {
        public YList {
            items = List.copyOf(items);
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>();
            for (YNode n : items) out.add(n.toPlain());
            return out;
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar keeps its text and the type YAML resolved for it (str, int, float, bool, null). */
    record YScalar(String value, String type, Location location) implements YNode {
        public boolean isNull() {
            return type.equals("null");
        }

        @Override
        public Object toPlain() {
            return switch (type) {
                case "null" -> null;
                case "bool" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("on");
                case "int" -> parseLong();
                case "float" -> parseDouble();
                default -> value;
            };
        }

        private Object parseLong() {
            try {
                return Long.decode(value.replace("_", ""));
            } catch (NumberFormatException e) {
                return value;
            }
        }

        private Object parseDouble() {
            try {
                return Double.parseDouble(value.replace("_", ""));
            } catch (NumberFormatException e) {
                return value;
            }
        }

        @Override
        public String kind() {
            return isNull() ? "nothing" : "'" + value + "'";
        }
    }
}
