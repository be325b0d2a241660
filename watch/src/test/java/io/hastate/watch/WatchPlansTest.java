package io.hastate.watch;

import io.hastate.api.ConnectionOptions;
import io.hastate.api.HostConnector;
import io.hastate.api.Project;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** A pair member down when the watch starts: its plan guessed its grains, and is made again once it answers. */
@Timeout(60)
class WatchPlansTest {
    @TempDir
    Path dir;

    volatile boolean n1Down = true;

    @Test
    void aMemberUnreadAtTheStartIsPlannedAgainWhenItAnswersAndIsNotSettledBefore() throws Exception {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  n1: {connection: local}
                  n2: {connection: local}
                pairs:
                  web:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    vrrp: {virtual_router_id: 77, interface: lo, vips: [192.0.2.77/32]}
                """);
        Fixtures.write(dir, "states/top.yaml", "n1: [member]\nn2: [member]\n");
        Fixtures.write(dir, "states/member.yaml", "member:\n  file.managed: {name: %s, content: \"declared\\n\"}\n".formatted(dir.resolve("member")));
        Project project = Project.load(inventory, dir.resolve("states"), List.of());
        Connector local = HostConnector.of(project.inventory(), ConnectionOptions.defaults());
        Connector n1Unreachable = host -> {
            if (n1Down && host.name().equals("n1")) throw new TransportException("n1: connection refused");
            return local.open(host);
        };

        WatchPlans plans = WatchPlans.ofStates(project, List.of("n1", "n2"), List.of(), h -> List.of(), n1Unreachable);

        assertEquals(Set.of("n1"), plans.guessed());
        assertEquals(List.of("n1", "n2"), names(plans.all()), "a guessed host keeps its plan");
        assertEquals(List.of("n2"), names(plans.settled()), "but neither a check round nor a heal uses it");
        HostPlan guessedPlan = plans.all().get(0);
        assertEquals(List.of(), plans.replan(Set.of("n2"), n1Unreachable), "not planned again before it answers");
        assertEquals(List.of(), plans.replan(Set.of("n1", "n2"), n1Unreachable), "its monitor said up, its grains still unread");
        assertEquals(Set.of("n1"), plans.guessed());

        n1Down = false;
        assertEquals(List.of("n1"), plans.replan(Set.of("n1", "n2"), n1Unreachable));
        assertEquals(Set.of(), plans.guessed());
        assertEquals(List.of("n1", "n2"), names(plans.settled()));
        assertNotSame(guessedPlan, plans.all().get(0), "n1's plan is made anew from what it said");
    }

    private static List<String> names(List<HostPlan> plans) {
        return plans.stream().map(p -> p.host().name()).toList();
    }
}
