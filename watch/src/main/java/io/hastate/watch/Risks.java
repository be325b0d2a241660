package io.hastate.watch;

import io.hastate.core.report.RunSummary;
import io.hastate.ha.doctor.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The doctor's findings from one check round to the next: a finding new on a host is a {@code risk}
 * event, one no longer found a {@code risk_gone}. A host that could not be read keeps what it had.
 */
final class Risks {
    private final Function<String, String> pairOf;
    /** Per host, rule id to the finding's one-line description. */
    private final Map<String, Map<String, String>> current = new ConcurrentHashMap<>();

    Risks(Function<String, String> pairOf) {
        this.pairOf = pairOf;
    }

    List<WatchEvent> update(List<Finding> findings, RunSummary checked, Instant now) {
        Map<String, Map<String, String>> found = new TreeMap<>();
        for (RunSummary.HostSummary h : checked.hosts()) {
            if (h.unreachable() == null && h.failure() == null) found.put(h.name(), new TreeMap<>());
        }
        for (Finding f : findings) {
            Map<String, String> on = found.get(f.host());
            if (on != null) on.put(f.rule(), f.rule() + " " + f.title() + " (" + f.evidence() + ")");
        }
        List<WatchEvent> events = new ArrayList<>();
        found.forEach((host, now_) -> {
            Map<String, String> before = current.getOrDefault(host, Map.of());
            now_.forEach((rule, text) -> {
                if (!before.containsKey(rule)) events.add(new WatchEvent(now, WatchEvent.Kind.RISK, pairOf.apply(host), host, text));
            });
            before.forEach((rule, text) -> {
                if (!now_.containsKey(rule)) events.add(new WatchEvent(now, WatchEvent.Kind.RISK_GONE, pairOf.apply(host), host, rule + " no longer found"));
            });
            current.put(host, now_);
        });
        return events;
    }

    /** The rule ids found on {@code host} at its last check. */
    List<String> on(String host) {
        return List.copyOf(current.getOrDefault(host, Map.of()).keySet());
    }
}
