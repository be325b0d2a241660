package io.hastate.core.facts;

import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts of one host, read in bulk and kept until the host is changed. Not thread-safe: each host is
 * handled by one thread.
 */
public final class FactCache {
    private final Transport transport;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, Scope> scopes = new HashMap<>();
    private final Map<String, String> commands = new HashMap<>();
    private int roundTrips;

    public FactCache(Transport transport) {
        this.transport = transport;
    }

    /** Makes sure every fact in {@code wanted} is known, reading all missing ones in one command. */
    public void ensure(List<Fact<?>> wanted) throws TransportException {
        Map<String, Fact<?>> missing = new LinkedHashMap<>();
        for (Fact<?> f : wanted) {
            String known = commands.putIfAbsent(f.key(), f.command());
            // One key, one thing: a module reusing another's key for other data would read wrong values.
            if (known != null && !known.equals(f.command())) {
                throw new IllegalStateException("two facts are keyed '" + f.key() + "' but read different things; a module's facts "
                        + "must be keyed by its own name");
            }
            if (!values.containsKey(f.key())) missing.putIfAbsent(f.key(), f);
        }
        if (missing.isEmpty()) return;
        List<Fact<?>> facts = new ArrayList<>(missing.values());
        FactBatch batch = new FactBatch(facts);
        Map<Fact<?>, CommandResult> results = batch.results(transport.runBatch(batch.commands()));
        roundTrips++;
        List<Fact<?>> again = facts.stream().filter(f -> !results.containsKey(f)).toList();
        if (!again.isEmpty()) {
            // A joint read that changed under it: these facts, each by its own command.
            List<CommandResult> alone = transport.runBatch(again.stream().map(Fact::command).toList());
            roundTrips++;
            for (int i = 0; i < again.size(); i++) results.put(again.get(i), alone.get(i));
        }
        for (Fact<?> f : facts) {
            CommandResult r = results.get(f);
            scopes.put(f.key(), f.reads());
            try {
                values.put(f.key(), f.parse(r.stdoutText(), r.exitCode()));
            } catch (RuntimeException e) {
                // Kept as an error value: only the states that read this fact fail.
                values.put(f.key(), new FactValues.Unreadable(f.key(), e.getMessage()));
            }
        }
    }

    public FactValues view(List<Fact<?>> facts) throws TransportException {
        ensure(facts);
        Map<String, Object> subset = new HashMap<>();
        for (Fact<?> f : facts) subset.put(f.key(), values.get(f.key()));
        return new FactValues(subset);
    }

    /** Forget everything: the host was changed, so any fact may be stale. */
    public void invalidate() {
        values.clear();
    }

    /** Forget every fact that reads something {@code changed} may have altered. */
    public void invalidate(List<Scope> changed) {
        values.keySet().removeIf(key -> changed.stream().anyMatch(c -> scopes.get(key).overlaps(c)));
    }

    public int roundTrips() {
        return roundTrips;
    }
}
