package io.hastate.core.facts;

import io.hastate.core.transport.CommandResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands that read a set of facts in one round trip: one command per {@link FactGroup} for the
 * facts that can be read jointly, the fact's own command for any other. {@link #results} maps the
 * batch's output back to each fact.
 */
final class FactBatch {
    private final List<String> commands = new ArrayList<>();
    /** Per command: the facts it reads, and the group that split its output (null: the fact's own command). */
    private final List<List<Fact<?>>> readers = new ArrayList<>();
    private final List<FactGroup> groups = new ArrayList<>();

    FactBatch(List<Fact<?>> facts) {
        Map<FactGroup, Map<String, List<Fact<?>>>> grouped = new LinkedHashMap<>();
        List<Fact<?>> alone = new ArrayList<>();
        for (Fact<?> f : facts) {
            if (f.joint() == null) {
                alone.add(f);
            } else {
                grouped.computeIfAbsent(f.joint().group(), g -> new LinkedHashMap<>())
                        .computeIfAbsent(f.joint().subject(), s -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<FactGroup, Map<String, List<Fact<?>>>> g : grouped.entrySet()) {
            if (g.getValue().size() == 1) {
                // One subject gains nothing from a joint read.
                g.getValue().values().forEach(alone::addAll);
                continue;
            }
            List<String> subjects = new ArrayList<>(g.getValue().keySet());
            commands.add(g.getKey().command(subjects));
            readers.add(g.getValue().values().stream().flatMap(List::stream).toList());
            groups.add(g.getKey());
        }
        for (Fact<?> f : alone) {
            commands.add(f.command());
            readers.add(List.of(f));
            groups.add(null);
        }
    }

    List<String> commands() {
        return commands;
    }

    /**
     * Each fact's own result, from the batch's results (one per command). A fact whose joint read
     * cannot be trusted is left out: the caller reads it again alone.
     */
    Map<Fact<?>, CommandResult> results(List<CommandResult> batch) {
        Map<Fact<?>, CommandResult> each = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            FactGroup group = groups.get(i);
            List<Fact<?>> facts = readers.get(i);
            if (group == null) {
                each.put(facts.get(0), batch.get(i));
                continue;
            }
            List<String> subjects = facts.stream().map(f -> f.joint().subject()).distinct().toList();
            try {
                List<CommandResult> split = group.split(subjects, batch.get(i));
                if (split.size() != subjects.size()) continue;  // A group that miscounts is not trusted either.
                for (Fact<?> f : facts) each.put(f, split.get(subjects.indexOf(f.joint().subject())));
            } catch (FactGroup.UntrustedRead e) {
                // Left out: read again one by one.
            }
        }
        return each;
    }
}
