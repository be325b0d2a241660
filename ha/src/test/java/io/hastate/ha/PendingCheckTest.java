package io.hastate.ha;

import io.hastate.core.engine.Engine;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.Mode;
import io.hastate.core.graph.Compiler;
import io.hastate.core.load.StateTree;
import io.hastate.core.model.Host;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.report.RunSummary;
import io.hastate.core.module.Plugins;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.transport.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Check on a host where nothing is installed yet: what depends on a pending install is pending too, not failed. */
class PendingCheckTest {
    @TempDir
    Path dir;

    /** A fresh Debian host: no keepalived, no keepalived.conf. */
    private static Optional<CommandResult> freshHost(String command) {
        if (command.contains("dpkg-query")) return Optional.of(CommandResult.ok("apt\nkeepalived -- -\n"));
        if (command.contains("keepalived --version")) return Optional.of(CommandResult.of(1, "", ""));
        if (command.startsWith("p=")) return Optional.of(CommandResult.ok("absent\n"));
        if (command.contains("/etc/hastate/")) return Optional.of(CommandResult.ok("none\n"));
        return Optional.empty();
    }

    private RunSummary check(String states) {
        Fixtures.write(dir, "ha.yaml", states);
        var graph = new Compiler(Plugins.builtIn()).compile(new StateTree(dir).load(List.of("ha"), Location.NONE), Map.of());
        Host host = new Host("lb1", "127.0.0.1", 22, null, null, Host.Become.NONE, Host.Connection.SSH, Map.of(), Location.NONE);
        RunSummary summary = new RunSummary();
        new Engine(h -> new FakeTransport().handle(PendingCheckTest::freshHost), summary, 1)
                .run(List.of(new HostPlan(host, graph, Set.of())), Mode.CHECK);
        return summary;
    }

    private static StateResult result(RunSummary s, String id) {
        return s.hosts().get(0).results().stream().filter(r -> r.state().id().equals(id)).findFirst().orElseThrow();
    }

    private static final String CONFIG = """
            config:
              keepalived.config:
                instances:
                  - {name: vi1, interface: eth0, virtual_router_id: 51, priority: 150, vips: [10.0.0.10/24]}
            """;

    @Test
    void aConfigWaitingForItsPackageWouldChangeAndShowsTheFile() {
        RunSummary s = check("""
                keepalived:
                  pkg.installed: []
                """ + CONFIG + "    require: [keepalived]\n");

        StateResult config = result(s, "config");
        assertEquals(Status.WOULD_CHANGE, config.status(), config.comment());
        assertTrue(config.comment().contains("pkg: keepalived would change first"), config.comment());
        assertTrue(config.changes().get(0).detail().contains("+    virtual_router_id 51"), "the file it would write");
        assertEquals(ExitCodes.DRIFT, ExitCodes.of(s));
    }

    @Test
    void withoutARequisiteThatInstallsItTheMissingProgramIsAFailure() {
        StateResult config = result(check(CONFIG), "config");
        assertEquals(Status.FAILED, config.status());
        assertTrue(config.comment().contains("keepalived is not installed"), config.comment());
    }
}
