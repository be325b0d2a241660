package io.hastate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.run.EngineEvent;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.report.JsonReport;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's embedding example, run: a Java program checks and applies hosts as the command does. */
class EmbeddingTest {
    @TempDir
    Path dir;

    @Test
    void aProgramLoadsPlansChecksAndAppliesThroughTheApi() throws Exception {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                states: states
                hosts:
                  lb1: {connection: local, vars: {root: %s}}
                """.formatted(dir.resolve("etc")));
        Fixtures.write(dir, "states/top.yaml", "'*': [app]\n");
        Fixtures.write(dir, "states/app.yaml", "conf:\n  file.managed: {name: \"{{root}}/app.conf\", content: \"x\\n\", makedirs: true}\n");

        Project project = Project.load(inventory, null, List.of());
        List<EngineEvent> progress = new ArrayList<>();
        RunReport report;
        try (RunHosts hosts = HostConnector.forRun(project.inventory(), ConnectionOptions.defaults(), false, null)
                .session(false, "my-tool", Duration.ZERO)) {
            Runner runner = new Runner(project, hosts, 10);
            List<HostPlan> plans = project.plan(project.select("lb*"), List.of(), host -> runner.checkObservations(host, false));
            report = runner.check(plans, false, new RunSummary(), progress::add);
        }
        StringWriter json = new StringWriter();
        new JsonReport().write(report, new PrintWriter(json, true));
        assertEquals(ExitCodes.DRIFT, report.exitCode());
        assertEquals("would_change", new ObjectMapper().readTree(json.toString()).get("hosts").get(0).get("states").get(0).get("status").asText());
        assertTrue(progress.stream().anyMatch(e -> e instanceof EngineEvent.HostFinished), "progress events reach the caller");
        assertFalse(Files.exists(dir.resolve("etc/app.conf")), "check changed nothing");

        try (RunHosts hosts = HostConnector.forRun(project.inventory(), ConnectionOptions.defaults(), false, null)
                .session(true, "my-tool", Duration.ZERO)) {
            Runner runner = new Runner(project, hosts, 10);
            RunReport applied = runner.apply(project.plan(project.select(null), List.of(), host -> List.of()),
                    new Runner.ApplyPolicy(true, 10, 1), new RunSummary(), e -> {});
            assertEquals(ExitCodes.OK, applied.exitCode());
        }
        assertEquals("x\n", Files.readString(dir.resolve("etc/app.conf")));
    }
}
