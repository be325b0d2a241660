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

    /** No facts: a host nothing was read from. */
    public static final FactValues NONE = new FactValues(Map.of());

    /** The fact's value, or empty when it was not read or could not be parsed (a host not reached, say). */
    @SuppressWarnings("unchecked")
    public <T> java.util.Optional<T> find(Fact<T> fact) {
        Object v = values.get(fact.key());
        return v == null || v instanceof Unreadable ? java.util.Optional.empty() : java.util.Optional.of((T) v);
    }

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
