package io.hastate.core.module;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validated, rendered arguments of one state. Values have the types their {@link ArgSpec} declared. */
public record Args(Map<String, Object> values) {
    public Args {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Args of(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return new Args(m);
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public String string(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    public int integer(String key) {
        return ((Number) values.get(key)).intValue();
    }

    public boolean bool(String key) {
        return Boolean.TRUE.equals(values.get(key));
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : (List<Object>) v;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        Object v = values.get(key);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    public String name() {
        return string("name");
    }

    private static final ObjectMapper BINDER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * These arguments as a typed value, a record whose components are named like the arguments; its
     * constructor may check them. A function that declares {@link StateFunction#argsType()} is bound
     * at load time, so a value its record refuses is bad input naming the state.
     *
     * @throws IllegalArgumentException with the record's own message when it refuses the values
     */
    public <T> T bind(Class<T> type) {
        try {
            return BINDER.convertValue(values, type);
        } catch (IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            throw new IllegalArgumentException(cause == e ? e.getMessage() : cause.getMessage(), e);
        }
    }
}
