package io.hastate.core.facts;

import java.util.Map;

/** Parsed facts of one host, as {@code check()} sees them. Asking for an undeclared fact is a bug and fails loudly. */
public final class FactValues {
    private final Map<String, Object> values;

    public FactValues(Map<String, Object> values) {
        this.values = new java.util.HashMap<>(values);
    }

    /** A fact whose output could not be parsed; reading it fails the state that needs it. */
    public record Unreadable(String key, String problem) {}

    @SuppressWarnings("unchecked")
    public <T> T get(Fact<T> fact) {
        if (!values.containsKey(fact.key())) {
            throw new IllegalStateException("fact '" + fact.key() + "' was not gathered: the state function must list it in facts()");
        }
        Object v = values.get(fact.key());
        if (v instanceof Unreadable u) throw new IllegalStateException("fact " + u.key() + ": " + u.problem());
        return (T) v;
    }
}
