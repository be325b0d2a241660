package io.hastate.cli.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.hastate.cli.lab.Lab.hastate;
import static io.hastate.cli.lab.Lab.ssh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pair whose interface ifupdown2 configures: the doctor's HA020, and what ifreload really does to the VIP. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabIfupdown2Test {
    @BeforeAll
    static void lab() {
        Lab.requireRunning();
    }

    /** Later test classes expect the lab as run-tests starts it: blank hosts, one pair, two light hosts. */
    @AfterAll
    static void blankLabAgain() throws Exception {
        Lab.restart(1, 2);
    }

    @Test
    void ifreloadPurgesTheVipUntilTheStanzaSaysAddressPurgeNo(@TempDir Path tmp) throws Exception {
        Lab.restart(List.of("bookworm+ifupdown2"), 0);
        Path inventory = Lab.inventoryWithProtections(Files.createDirectories(tmp.resolve("i2")), "none");
        Lab.Result apply = hastate("apply", "-i", inventory.toString(), "--states", Lab.states().toString(), "-l", "full", "ha");
        assertEquals(0, apply.exit(), apply.out());
        assertTrue(Lab.findings(hastate("doctor", "-i", inventory.toString(), "--format", "json")).contains("HA020 p1a"));

        Survival.Outcome purged = Survival.measure(1, "p1a", new Survival.Fault("ifreload -a", "ifreload -a"), 7);
        System.out.printf("MEASURED ifupdown2 ifreload -a on the master, no address-purge: lost=%d transitions=%d%n", purged.lost(), purged.transitions());
        assertTrue(purged.lost() > 0 || purged.transitions() > 0, "ifreload removes the VIP: HA020's risk is real");

        for (String node : List.of("p1a", "p1b")) ssh(node, "sed -i 's/^\\(    address .*\\)$/\\1\\n    address-purge no/' /etc/network/interfaces");
        assertTrue(Lab.findings(hastate("doctor", "-i", inventory.toString(), "--format", "json")).stream().noneMatch(f -> f.startsWith("HA020")));
        Survival.Outcome kept = Survival.measureConfirmed(1, "p1a", new Survival.Fault("ifreload -a", "ifreload -a"), 7);
        System.out.printf("MEASURED ifupdown2 ifreload -a on the master, address-purge no: lost=%d transitions=%d%n", kept.lost(), kept.transitions());
        assertTrue(kept.clean(), "address-purge no keeps the VIP: " + kept.cell());
    }
}
