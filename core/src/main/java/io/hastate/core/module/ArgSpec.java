package io.hastate.core.module;

import java.util.function.Predicate;

/**
 * One argument a state function accepts. {@code rule} checks the converted value and
 * {@code ruleText} says in words what it wants ("an interface name", "1-255").
 */
public record ArgSpec(String name, ArgType type, boolean required, Object defaultValue,
                      Predicate<Object> rule, String ruleText, boolean secret) {

    public static ArgSpec of(String name, ArgType type) {
        return new ArgSpec(name, type, false, null, v -> true, null, false);
    }

    public static ArgSpec string(String name) { return of(name, ArgType.STRING); }

    public static ArgSpec integer(String name) { return of(name, ArgType.INT); }

    public static ArgSpec bool(String name) { return of(name, ArgType.BOOL); }

    public static ArgSpec list(String name) { return of(name, ArgType.LIST); }

    public static ArgSpec map(String name) { return of(name, ArgType.MAP); }

    public ArgSpec mandatory() {
        return new ArgSpec(name, type, true, defaultValue, rule, ruleText, secret);
    }

    public ArgSpec orElse(Object value) {
        return new ArgSpec(name, type, false, value, rule, ruleText, secret);
    }

    @SuppressWarnings("unchecked")
    public <T> ArgSpec must(Predicate<T> check, String wanted) {
        return new ArgSpec(name, type, required, defaultValue, v -> check.test((T) v), wanted, secret);
    }

    /** A secret argument never appears in a report or a log line. */
    public ArgSpec asSecret() {
        return new ArgSpec(name, type, required, defaultValue, rule, ruleText, true);
    }
}
