package io.hastate.core.facts;

import java.util.Optional;

/** Fact values read on one host, typed as each fact is; empty for a fact that was not read (or read as nothing). */
@FunctionalInterface
public interface Observed {
    <T> Optional<T> get(Fact<T> fact);
}
