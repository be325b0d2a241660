package io.hastate.watch;

import io.hastate.api.ConnectionOptions;
import io.hastate.api.HostConnector;
import io.hastate.api.Project;
import io.hastate.api.Runner;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.report.RunSummary;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.transport.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --heal on this machine: a lone host and a pair member, both "connection: local". */
class HealerTest {
    @TempDir
    Path dir;

    Project project;
    Connector connector;
    Instant now = Instant.parse("2026-12-01T06:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void project() {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  solo: {connection: local}
                  n1: {connection: local}
                  n2: {connection: local}
                pairs:
                  web:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    vrrp: {virtual_router_id: 77, interface: lo, vips: [192.0.2.77/32]}
                """);
        Fixtures.write(dir, "states/top.yaml", "solo: [files]\nn2: [member]\n");
        Fixtures.write(dir, "states/files.yaml", """
                drifted:
                  file.managed: {name: %s, content: "declared\\n"}
                in_sync:
                  file.managed: {name: %s, content: "declared\\n"}
                """.formatted(dir.resolve("drifted"), dir.resolve("in_sync")));
        Fixtures.write(dir, "states/member.yaml", "member:\n  file.managed: {name: %s, content: \"declared\\n\"}\n".formatted(dir.resolve("member")));
        project = Project.load(inventory, dir.resolve("states"), List.of());
        connector = HostConnector.of(project.inventory(), ConnectionOptions.defaults());
    }

    private RunSummary check(List<HostPlan> plans) {
        RunSummary summary = new RunSummary();
        new Runner(project, connector, 2).check(plans, false, summary, e -> {});
        return summary;
    }

    @Test
    void onlyTheDriftedStatesAreRepairedAndTheNextDriftWaitsItsTurn() throws Exception {
        Files.writeString(dir.resolve("in_sync"), "declared\n");
        Files.writeString(dir.resolve("drifted"), "changed by hand\n");
        List<HostPlan> plans = project.plan(List.of("solo"), List.of(), h -> List.of());
        RunSummary found = check(plans);
        // Between the check and the heal someone edits the file that was in sync: the heal leaves it alone.
        Files.writeString(dir.resolve("in_sync"), "edited after the check\n");
        Healer healer = new Healer(project, connector, Duration.ofMinutes(10), clock);

        List<WatchEvent> healed = healer.heal(plans, found, Set.of());

        assertEquals(1, healed.size(), healed.toString());
        assertEquals(WatchEvent.Kind.HEALED, healed.get(0).kind());
        assertEquals("solo", healed.get(0).host());
        assertTrue(healed.get(0).detail().startsWith("repaired: file.managed " + dir.resolve("drifted")), healed.get(0).detail());
        assertEquals("declared\n", Files.readString(dir.resolve("drifted")));
        assertEquals("edited after the check\n", Files.readString(dir.resolve("in_sync")));

        Files.writeString(dir.resolve("drifted"), "changed again\n");
        now = now.plus(Duration.ofMinutes(5));
        List<WatchEvent> held = healer.heal(plans, check(plans), Set.of());
        assertEquals(WatchEvent.Kind.HEAL_HELD, held.get(0).kind());
        assertTrue(held.get(0).detail().startsWith("rate: healed at 2026-12-01T06:00:00Z"), held.get(0).detail());
        assertEquals(List.of(), healer.heal(plans, check(plans), Set.of()), "a reason is told once");
        assertEquals("changed again\n", Files.readString(dir.resolve("drifted")));

        now = now.plus(Duration.ofMinutes(6));
        assertEquals(WatchEvent.Kind.HEALED, healer.heal(plans, check(plans), Set.of()).get(0).kind());
        assertEquals("declared\n", Files.readString(dir.resolve("drifted")));
    }

    @Test
    void aPairInSplitBrainIsNotHealed() throws Exception {
        Files.writeString(dir.resolve("member"), "changed by hand\n");
        List<HostPlan> plans = project.plan(List.of("n2"), List.of(), h -> List.of());
        Healer healer = new Healer(project, connector, Duration.ofMinutes(10), clock);

        List<WatchEvent> events = healer.heal(plans, check(plans), Set.of("web"));

        assertEquals(1, events.size(), events.toString());
        assertEquals(WatchEvent.Kind.HEAL_HELD, events.get(0).kind());
        assertEquals("web", events.get(0).pair());
        assertTrue(events.get(0).detail().startsWith("split brain"), events.get(0).detail());
        assertEquals("changed by hand\n", Files.readString(dir.resolve("member")));
    }

    @Test
    void aHostWhosePlanIsNotSettledIsNotHealed() throws Exception {
        Files.writeString(dir.resolve("drifted"), "changed by hand\n");
        List<HostPlan> plans = project.plan(List.of("solo"), List.of(), h -> List.of());

        assertEquals(List.of(), new Healer(project, connector, Duration.ofMinutes(10), clock).heal(List.of(), check(plans), Set.of()));
        assertEquals("changed by hand\n", Files.readString(dir.resolve("drifted")));
    }

    @Test
    void aHostInSyncIsLeftAlone() throws Exception {
        Files.writeString(dir.resolve("drifted"), "declared\n");
        Files.writeString(dir.resolve("in_sync"), "declared\n");
        List<HostPlan> plans = project.plan(List.of("solo"), List.of(), h -> List.of());
        assertEquals(List.of(), new Healer(project, connector, Duration.ofMinutes(10), clock).heal(plans, check(plans), Set.of()));
    }
}
