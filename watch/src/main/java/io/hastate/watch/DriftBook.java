package io.hastate.watch;

import io.hastate.core.model.Change;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.report.TextReport;
import io.hastate.core.text.Printable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The states each host differed in at its last check round, and each one's difference as the text
 * report shows it: what the status page lists per host and opens on a click. The results come from
 * the engine with secrets already masked.
 */
final class DriftBook {
    private final Map<String, List<StateResult>> byHost = new ConcurrentHashMap<>();

    static boolean differs(StateResult r) {
        return r.status() == Status.WOULD_CHANGE || r.status() == Status.FAILED;
    }

    /** A host's check round: its differing states replace what was known. */
    void record(String host, List<StateResult> results) {
        byHost.put(host, results.stream().filter(DriftBook::differs).toList());
    }

    /** A host's differing states, each with its id, label, status and the keys that differ. */
    List<Map<String, Object>> states(String host) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StateResult r : byHost.getOrDefault(host, List.of())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.state().id());
            m.put("label", r.state().label());
            m.put("status", r.status() == Status.FAILED ? "failed" : "differs");
            m.put("keys", r.changes().stream().map(Change::key).distinct().toList());
            out.add(m);
        }
        return out;
    }

    /** The difference of one state of one host, as plain text; empty when it does not differ (any more). */
    Optional<String> diff(String host, String stateId) {
        for (StateResult r : byHost.getOrDefault(host, List.of())) {
            if (!r.state().id().equals(stateId)) continue;
            StringBuilder text = new StringBuilder(host + "  " + r.state().label() + "  "
                    + (r.status() == Status.FAILED ? "failed" : "differs from the declared state") + "\n");
            if (!r.comment().isEmpty()) text.append("  ").append(r.comment()).append('\n');
            for (Change c : r.changes()) for (String line : TextReport.changeLines(c)) text.append("  ").append(line).append('\n');
            return Optional.of(Printable.terminal(text.toString()));
        }
        return Optional.empty();
    }
}
