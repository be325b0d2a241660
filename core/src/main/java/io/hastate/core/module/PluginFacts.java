package io.hastate.core.module;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Scope;
import io.hastate.spi.Facts;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.StringJoiner;

/** A plugin's facts as the engine gathers them: keyed by their record type and components. */
public final class PluginFacts {
    private PluginFacts() {}

    static <T> Fact<T> of(io.hastate.spi.Fact<T> fact) {
        String reads = fact.reads();
        return new Fact<>(key(fact), fact.command(), fact::parse, reads == null ? Scope.everything() : Scope.path(reads));
    }

    /** The spi view of a host's gathered facts. */
    static Facts view(FactValues values) {
        return new Facts() {
            @Override
            public <T> T get(io.hastate.spi.Fact<T> fact) {
                return values.get(of(fact));
            }
        };
    }

    /**
     * The fact's identity: its class and components, {@code com.example.Line$Has[path=/etc/motd]}.
     * Built from the components, not from toString, which a record may override.
     */
    static String key(io.hastate.spi.Fact<?> fact) {
        Class<?> type = fact.getClass();
        if (!type.isRecord()) {
            throw new IllegalStateException("fact " + type.getName() + " must be a record: its type and components are its identity");
        }
        StringJoiner parts = new StringJoiner(", ", type.getName() + "[", "]");
        for (RecordComponent c : type.getRecordComponents()) {
            try {
                // A fact record is usually private to its function.
                var accessor = c.getAccessor();
                accessor.setAccessible(true);
                parts.add(c.getName() + "=" + accessor.invoke(fact));
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                throw new IllegalStateException("fact " + type.getName() + ": cannot read " + c.getName() + ": " + e.getMessage(), e);
            }
        }
        return parts.toString();
    }

    /**
     * How a test case may name a plugin fact: by its type and components ({@code Has[path=/etc/motd]}),
     * or by its type alone ({@code Has}). Empty for a fact that is not a plugin's.
     */
    public static List<String> caseNames(String key) {
        int open = key.indexOf('[');
        if (open < 0 || !key.endsWith("]")) return List.of();
        String type = key.substring(0, open);
        if (!type.contains(".")) return List.of();
        String simple = type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
        return List.of(simple + key.substring(open), simple);
    }
}
