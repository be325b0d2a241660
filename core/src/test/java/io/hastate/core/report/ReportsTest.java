package io.hastate.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.run.EngineEvent;
import io.hastate.core.run.Mode;
import io.hastate.core.model.Change;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateRef;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsTest {
    static StateResult result(String id, Status status, String comment, Change... changes) {
        return new StateResult(new StateRef(id, "file", "managed", "/etc/" + id, new Location("s.yaml", 3)),
                status, List.of(changes), comment, Duration.ofMillis(5));
    }

    static RunSummary summary(Mode mode, StateResult... results) {
        RunSummary s = new RunSummary();
        s.on(new EngineEvent.RunStarted(mode, List.of("web1", "web2")));
        for (StateResult r : results) s.on(new EngineEvent.StateFinished("web1", r));
        s.on(new EngineEvent.HostFinished("web1", Duration.ofMillis(40), 1));
        s.on(new EngineEvent.HostUnreachable("web2", "connection refused"));
        s.on(new EngineEvent.RunFinished(Duration.ofMillis(50)));
        return s;
    }

    @Test
    void exitCodes() {
        RunSummary clean = new RunSummary();
        clean.on(new EngineEvent.RunStarted(Mode.CHECK, List.of("a")));
        clean.on(new EngineEvent.StateFinished("a", result("x", Status.UNCHANGED, "ok")));
        assertEquals(ExitCodes.OK, ExitCodes.of(clean));
        clean.on(new EngineEvent.StateFinished("a", result("y", Status.SKIPPED, "none of the onchanges requisites changed")));
        assertEquals(ExitCodes.OK, ExitCodes.of(clean), "a skip alone is not a failure");
        clean.on(new EngineEvent.StateFinished("a", result("z", Status.WOULD_CHANGE, "")));
        assertEquals(ExitCodes.DRIFT, ExitCodes.of(clean));
        clean.on(new EngineEvent.HostUnreachable("b", "timeout"));
        assertEquals(ExitCodes.FAILED, ExitCodes.of(clean), "unreachable beats drift");

        RunSummary applied = new RunSummary();
        applied.on(new EngineEvent.RunStarted(Mode.APPLY, List.of("a")));
        applied.on(new EngineEvent.StateFinished("a", result("x", Status.CHANGED, "")));
        assertEquals(ExitCodes.OK, ExitCodes.of(applied));
        applied.on(new EngineEvent.StateFinished("a", result("y", Status.FAILED, "boom")));
        assertEquals(ExitCodes.FAILED, ExitCodes.of(applied));
        assertEquals(List.of(0, 1, 2, 3, 4), List.of(ExitCodes.OK, ExitCodes.FAILED, ExitCodes.DRIFT, ExitCodes.INVALID_INPUT, ExitCodes.INTERNAL_ERROR));
    }

    @Test
    void textReportShowsChangesDiffsAndRecap() {
        RunSummary s = summary(Mode.CHECK,
                result("a", Status.UNCHANGED, "already fine"),
                result("b", Status.WOULD_CHANGE, "", Change.of("mode", "0600", "0644"),
                        Change.of("content", "1 bytes", "2 bytes").withDetail("--- a\n+++ b\n-x\n+y")));
        String text = text(new TextReport(false), RunReport.of(s, List.of()));
        assertFalse(text.contains("already fine"), "unchanged states are hidden unless verbose");
        assertTrue(text.contains("would change file.managed /etc/b (b)  [s.yaml:3]"), text);
        assertTrue(text.contains("mode: 0600 -> 0644"), text);
        assertTrue(text.contains("        +y"), text);
        assertTrue(text.contains("web1  ok=1 changed=0 would_change=1 failed=0 skipped=0"), text);
        assertTrue(text.contains("web2  UNREACHABLE  connection refused"), text);
        assertTrue(text.contains("2 host(s) in 0.05 s: failed (exit 1)"), text);

        assertTrue(text(new TextReport(true), RunReport.of(s, List.of())).contains("already fine"));
    }

    @Test
    void onATerminalStatusesDiffsAndTheVerdictAreInColourAndTheWordsStayTheSame() {
        RunSummary s = summary(Mode.CHECK,
                result("b", Status.WOULD_CHANGE, "", Change.of("content", "1 bytes", "2 bytes").withDetail("--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y")));
        String plain = text(new TextReport(false, false), RunReport.of(s, List.of()));
        assertFalse(plain.contains("\u001b["), "no escape codes unless asked: " + plain);
        String coloured = text(new TextReport(false, true), RunReport.of(s, List.of()));
        String yellow = "\u001b[33m", red = "\u001b[31m", green = "\u001b[32m", cyan = "\u001b[36m", reset = "\u001b[0m";
        assertTrue(coloured.contains("  " + yellow + "would change"), coloured);
        assertTrue(coloured.contains("      " + green + "  +y" + reset) && coloured.contains("      " + red + "  -x" + reset), coloured);
        assertTrue(coloured.contains("      " + cyan + "  @@ -1 +1 @@" + reset), coloured);
        assertTrue(coloured.contains("        +++ b\n"), "a diff's file headers stay plain: " + coloured);
        assertTrue(coloured.contains(red + "UNREACHABLE  connection refused" + reset), coloured);
        assertTrue(coloured.contains(red + "failed (exit 1)" + reset), coloured);
        assertEquals(plain, coloured.replaceAll("\u001b\\[[0-9;]*m", ""), "colour adds nothing but colour");
    }

    static String text(Report format, RunReport report) {
        StringWriter out = new StringWriter();
        format.write(report, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aSectionIsPrintedUnderItsTitleNamedInJsonAndDecidesTheExitCodeWithTheResults() throws Exception {
        RunSummary s = summary(Mode.APPLY, result("b", Status.CHANGED, "", Change.of("mode", "0600", "0644")));
        ReportSection risky = new ReportSection() {
            @Override public String name() { return "risks"; }
            @Override public String title() { return "RISKS"; }
            @Override public Object json() { return List.of("r1"); }
            @Override public List<String> lines() { return List.of("  r1"); }
            @Override public Outcome outcome() { return Outcome.DRIFT; }
        };
        RunReport report = RunReport.of(s, List.of(risky));
        assertEquals(ExitCodes.FAILED, report.exitCode(), "web2 is unreachable: a failure outranks a section's risk");
        assertTrue(text(new TextReport(false), report).contains("\nRISKS\n  r1\n"));
        assertEquals("r1", new ObjectMapper().readTree(text(new JsonReport(), report)).get("risks").get(0).asText());

        RunSummary clean = new RunSummary();
        clean.on(new EngineEvent.RunStarted(Mode.CHECK, List.of()));
        assertEquals(ExitCodes.DRIFT, RunReport.of(clean, List.of(risky)).exitCode());
    }

    @Test
    void aCheckThatEvaluatedNothingIsNotOkAndSaysWhy() throws Exception {
        RunSummary empty = new RunSummary();
        empty.on(new EngineEvent.RunStarted(Mode.CHECK, List.of("web1", "web2")));
        empty.on(new EngineEvent.HostFinished("web1", Duration.ofMillis(10), 1));
        empty.on(new EngineEvent.HostFinished("web2", Duration.ofMillis(10), 1));
        RunReport report = RunReport.of(empty, List.of());
        assertEquals(ExitCodes.DRIFT, report.exitCode());
        assertTrue(text(new TextReport(false), report).contains("2 host(s) in 0.00 s: nothing evaluated: no state is assigned to the hosts selected (exit 2)"),
                text(new TextReport(false), report));
        assertEquals("nothing evaluated: no state is assigned to the hosts selected", new ObjectMapper().readTree(text(new JsonReport(), report)).get("outcome").asText());

        // A section that judged something (a pair's status) is an evaluation; so is one state on one host.
        ReportSection pairs = new ReportSection() {
            @Override public String name() { return "pairs"; }
            @Override public String title() { return "PAIRS"; }
            @Override public Object json() { return List.of(); }
            @Override public List<String> lines() { return List.of("  web 10.0.0.9/32 web1"); }
            @Override public Outcome outcome() { return Outcome.OK; }
        };
        assertEquals(ExitCodes.OK, RunReport.of(empty, List.of(pairs)).exitCode());
        empty.on(new EngineEvent.StateFinished("web2", result("a", Status.UNCHANGED, "")));
        assertEquals(ExitCodes.OK, RunReport.of(empty, List.of()).exitCode());
        // The doctor and facts read hosts without states: that is their whole job.
        RunSummary facts = new RunSummary("facts");
        facts.on(new EngineEvent.RunStarted(Mode.CHECK, List.of("web1")));
        assertEquals(ExitCodes.OK, RunReport.of(facts, List.of()).exitCode());
    }

    @Test
    void jsonReportCarriesTheSameContent() throws Exception {
        RunSummary s = summary(Mode.APPLY, result("b", Status.CHANGED, "", Change.of("mode", "0600", "0644")));
        JsonNode doc = new ObjectMapper().readTree(new JsonReport().render(RunReport.of(s, List.of())));
        assertEquals("apply", doc.get("mode").asText());
        assertEquals(1, doc.get("exit_code").asInt());
        JsonNode web1 = doc.get("hosts").get(0);
        assertEquals("web1", web1.get("name").asText());
        assertEquals(1, web1.get("counts").get("changed").asInt());
        JsonNode state = web1.get("states").get(0);
        assertEquals("file.managed", state.get("function").asText());
        assertEquals("s.yaml", state.get("file").asText());
        assertEquals(3, state.get("line").asInt());
        assertEquals("changed", state.get("status").asText());
        assertEquals("0644", state.get("changes").get(0).get("after").asText());
        JsonNode web2 = doc.get("hosts").get(1);
        assertFalse(web2.get("reachable").asBoolean());
        assertEquals("connection refused", web2.get("unreachable_reason").asText());
    }
}
