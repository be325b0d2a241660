package io.hastate.core.facts;

import java.util.Map;

/** Parsed facts of one host, as {@code check()} sees them. Asking for an undeclared fact is a bug and fails loudly. */
public final class FactValues {
    private final Map<String, Object> values;

    public FactValues(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Fact<T> fact) {
        if (!values.containsKey(fact.key())) {
            throw new IllegalStateException("fact '" + fact.key() + "' was not gathered: the state function must list it in facts()");
        }
        return (T) values.get(fact.key());
    }
}
