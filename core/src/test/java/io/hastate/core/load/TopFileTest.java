package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.hastate.core.testing.Fixtures.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopFileTest {
    @TempDir
    Path dir;

    Inventory inventory() {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {web1: {}, web2: {}, db1: {}}
                groups: {web: {hosts: [web1, web2]}, lb: {hosts: [web1, web2]}}
                """));
    }

    @Test
    void targetsSelectHostsGroupsGlobsAndExclusions() {
        Inventory inv = inventory();
        assertEquals(List.of("web1", "web2", "db1"), Targets.select(inv, "all").orElseThrow());
        assertEquals(List.of("web1", "web2"), Targets.select(inv, "lb").orElseThrow());
        assertEquals(List.of("web2", "db1"), Targets.select(inv, "db1,web2").orElseThrow());
        assertEquals(List.of("web1", "web2"), Targets.select(inv, "web*").orElseThrow());
        assertEquals(List.of("web1", "db1"), Targets.select(inv, "!web2").orElseThrow());
        assertEquals(List.of("web1"), Targets.select(inv, "web,!web2").orElseThrow());
        assertEquals(true, Targets.select(inv, "nosuch").isEmpty());
    }

    @Test
    void globsAreFileGlobsAndAMalformedOneIsRefused() {
        Inventory inv = inventory();
        assertEquals(List.of("web2"), Targets.select(inv, "web[2]").orElseThrow());
        assertEquals(List.of("web1", "db1"), Targets.select(inv, "[dw]*1").orElseThrow());
        assertEquals(List.of("db1"), Targets.select(inv, "d?1").orElseThrow());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Targets.select(inv, "web[1"));
        assertTrue(e.getMessage().startsWith("'web[1' is not a valid glob"), e.getMessage());
        InvalidInputException top = invalid(() -> TopFile.read(Fixtures.write(dir, "top.yaml", "'web[': [a]\n"), inv));
        assertTrue(top.getMessage().contains("not a valid glob"), top.getMessage());
    }

    @Test
    void aHostGetsTheStatesOfEveryMatchingTargetOnce() {
        Inventory inv = inventory();
        TopFile top = TopFile.read(Fixtures.write(dir, "top.yaml", "'*': [common]\nweb: [web, common]\nlb: [ha.vip]\n"), inv);
        assertEquals(List.of("common", "web", "ha.vip"), List.copyOf(top.statesFor(inv, "web1").keySet()));
        assertEquals(List.of("common"), List.copyOf(top.statesFor(inv, "db1").keySet()));
    }

    @Test
    void aTargetMatchingNothingIsAnError() {
        Inventory inv = inventory();
        InvalidInputException e = invalid(() -> TopFile.read(Fixtures.write(dir, "top.yaml", "'*': [a]\nwbe: [b]\n"), inv));
        assertEquals(2, e.location().line());
    }
}
