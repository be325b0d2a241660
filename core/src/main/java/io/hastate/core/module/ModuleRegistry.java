package io.hastate.core.module;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The state functions hastate knows, by {@code module.function}. */
public final class ModuleRegistry {
    private final Map<String, StateFunction> functions = new TreeMap<>();

    public ModuleRegistry(Iterable<? extends StateFunction> all) {
        for (StateFunction f : all) {
            if (functions.put(f.qualifiedName(), f) != null) {
                throw new IllegalStateException("two state functions named " + f.qualifiedName());
            }
        }
    }

    public Optional<StateFunction> find(String qualifiedName) {
        return Optional.ofNullable(functions.get(qualifiedName));
    }

    public Set<String> names() {
        return functions.keySet();
    }

    public Set<String> functionsOf(String module) {
        Set<String> out = new TreeSet<>();
        for (StateFunction f : functions.values()) if (f.module().equals(module)) out.add(f.function());
        return out;
    }
}
