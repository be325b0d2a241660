package io.hastate.api;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run's transport policy: with a trace, every command is told before it runs, named by its host. */
@Timeout(30)
class RunConnectorTest {
    @TempDir
    Path dir;

    @Test
    void aTracedRunTellsEachCommandBeforeItRuns() throws Exception {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inventory.yaml", "hosts:\n  here: {connection: local}\n"));
        List<String> told = new ArrayList<>();
        ConnectionOptions options = new ConnectionOptions(null, false, null, null, Duration.ofSeconds(10), false);
        Connector traced = HostConnector.forRun(inv, options, false, told::add);
        try (Transport t = traced.open(inv.host("here"))) {
            assertEquals("hi", t.run("echo hi").stdoutText().strip());
        }
        assertEquals(List.of("here $ echo hi"), told);

        told.clear();
        try (Transport t = HostConnector.forRun(inv, options, false, null).open(inv.host("here"))) {
            t.run("true");
        }
        assertEquals(List.of(), told, "no trace asked, none told");
    }
}
