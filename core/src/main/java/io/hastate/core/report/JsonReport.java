package io.hastate.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hastate.core.model.Change;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The same content as the text report, as one JSON document (format documented in the README). */
public final class JsonReport {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(RunSummary summary, int exitCode) {
        return render(summary, List.of(), exitCode);
    }

    public String render(RunSummary summary, List<PairStatus> pairs, int exitCode) {
        return render(summary, pairs, exitCode, Map.of());
    }

    /** {@code sections}: more top-level members, such as the doctor's findings. */
    public String render(RunSummary summary, List<PairStatus> pairs, int exitCode, Map<String, Object> sections) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("mode", summary.mode().name().toLowerCase(Locale.ROOT));
        doc.put("exit_code", exitCode);
        doc.put("outcome", ExitCodes.describe(exitCode));
        doc.put("duration_ms", summary.duration().toMillis());
        List<Object> hosts = new ArrayList<>();
        for (RunSummary.HostSummary h : summary.hosts()) hosts.add(host(h));
        doc.put("hosts", hosts);
        List<Object> pairDocs = new ArrayList<>();
        for (PairStatus p : pairs) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.pair());
            Map<String, Object> vips = new LinkedHashMap<>();
            p.vips().forEach((vip, holders) -> vips.put(vip, holders.stream().map(h -> Map.of("host", h.host(), "device", h.device())).toList()));
            pm.put("vips", vips);
            pm.put("problems", p.problems());
            pairDocs.add(pm);
        }
        doc.put("pairs", pairDocs);
        List<Object> steps = new ArrayList<>();
        for (var step : summary.rollout()) steps.add(Map.of("pair", step.pair(), "message", step.message(), "problem", step.problem()));
        doc.put("rollout", steps);
        doc.putAll(sections);
        try {
            return mapper.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> host(RunSummary.HostSummary h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("reachable", h.unreachable() == null);
        if (h.unreachable() != null) m.put("unreachable_reason", h.unreachable());
        if (h.failure() != null) m.put("failed_reason", h.failure());
        m.put("duration_ms", h.duration().toMillis());
        Map<String, Integer> counts = new LinkedHashMap<>();
        h.counts().forEach((s, n) -> counts.put(key(s), n));
        m.put("counts", counts);
        List<Object> states = new ArrayList<>();
        for (StateResult r : h.results()) states.add(state(r));
        m.put("states", states);
        return m;
    }

    private Map<String, Object> state(StateResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.state().id());
        m.put("function", r.state().module() + "." + r.state().function());
        m.put("name", r.state().name());
        m.put("file", r.state().location().file());
        m.put("line", r.state().location().line());
        m.put("status", key(r.status()));
        m.put("comment", r.comment());
        m.put("duration_ms", r.duration().toMillis());
        List<Object> changes = new ArrayList<>();
        for (Change c : r.changes()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("key", c.key());
            cm.put("before", c.before());
            cm.put("after", c.after());
            if (c.detail() != null) cm.put("diff", c.detail());
            changes.add(cm);
        }
        m.put("changes", changes);
        return m;
    }

    private static String key(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
