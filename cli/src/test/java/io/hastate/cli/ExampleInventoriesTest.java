package io.hastate.cli;

import io.hastate.ha.model.Pairs;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inventories the README points users at load as they are: a documented example is never bad input. */
@Timeout(30)
class ExampleInventoriesTest {
    @Test
    void everyExampleInventoryLoads() throws Exception {
        Path examples = Path.of("..", "examples");
        List<Path> inventories;
        try (Stream<Path> files = Files.walk(examples, 2)) {
            inventories = files.filter(f -> f.getFileName().toString().equals("inventory.yaml")).sorted().toList();
        }
        assertTrue(inventories.contains(examples.resolve("haproxy-pair/inventory.yaml")), inventories.toString());
        for (Path inventory : inventories) {
            Inventory loaded = new InventoryLoader().load(inventory);
            assertFalse(loaded.hosts().isEmpty(), inventory + " has hosts");
        }
        Inventory haproxy = new InventoryLoader().load(examples.resolve("haproxy-pair/inventory.yaml"));
        var lb = Pairs.all(haproxy).get("lb");
        assertTrue(lb.preferred(lb.instance("lb_web")).host().equals("lb1") && lb.preferred(lb.instance("lb_api")).host().equals("lb2"),
                "active/active as the README says");
    }
}
