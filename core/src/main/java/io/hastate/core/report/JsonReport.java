package io.hastate.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hastate.core.model.Change;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same content as the text report, as one JSON document: the one shape of check, apply, doctor and
 * facts, described by {@code docs/report.schema.json}. {@link #FORMAT_VERSION} changes whenever a field
 * changes meaning or goes away; new fields may appear without it.
 */
public final class JsonReport implements Report {
    public static final int FORMAT_VERSION = 1;

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(RunReport report, PrintWriter out) {
        out.println(render(report));
    }

    public String render(RunReport report) {
        RunSummary summary = report.summary();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", FORMAT_VERSION);
        doc.put("hastate_version", io.hastate.core.Version.text());
        doc.put("started_at", summary.startedAt() == null ? null : summary.startedAt().toString());
        doc.put("mode", summary.kind());
        doc.put("exit_code", report.exitCode());
        doc.put("outcome", ExitCodes.describe(report));
        doc.put("duration_ms", summary.duration().toMillis());
        List<Object> hosts = new ArrayList<>();
        for (RunSummary.HostSummary h : summary.hosts()) hosts.add(host(h));
        doc.put("hosts", hosts);
        for (ReportSection section : report.sections()) doc.put(section.name(), section.json());
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
