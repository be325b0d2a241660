package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.file.Path;

import static io.hastate.cli.lab.Lab.hastate;
import static io.hastate.cli.lab.Lab.ssh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ipvlan protection on a kernel without ipvlan: detected from the host's facts and skipped with the reason. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabIpvlanTest {
    @Test
    void theIpvlanStateIsSkippedWithItsReasonAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Lab.requireRunning();
        // Blank hosts: a VIP an earlier class left on p1a's eth0 would make the pair's verdict a failure.
        Lab.restart(1, 2);
        Lab.Result probe = ssh("p1a", "ip link add link eth0 name hastate-t0 type ipvlan mode l2 2>&1; ip link del hastate-t0 2>/dev/null; true");
        boolean kernelHasIpvlan = !probe.out().contains("Unknown device type");
        Path inventory = Lab.inventoryWithProtections(tmp, "ipvlan");
        Path states = Lab.states();
        Lab.Result r = hastate("apply", "-i", inventory.toString(), "--states", states.toString(), "-l", "p1a", "--format", "json", "ha");
        JsonNode host = new ObjectMapper().readTree(r.out()).get("hosts").get(0);
        JsonNode ipvlan = null;
        for (JsonNode s : host.get("states")) if (s.get("id").asText().equals("vip-ipvlan[vip51]")) ipvlan = s;
        if (kernelHasIpvlan) {
            assertEquals("changed", ipvlan.get("status").asText(), ipvlan.toString());
            return;
        }
        // Only p1a is applied and nothing holds the VIP on an ipvlan: the pair's verdict may be drift (2), never a failure.
        assertTrue(r.exit() == 0 || r.exit() == 2, r.out());
        assertEquals(0, host.get("counts").get("failed").asInt(), r.out());
        assertEquals("skipped", ipvlan.get("status").asText());
        assertTrue(ipvlan.get("comment").asText().contains("this kernel cannot create ipvlan devices"), ipvlan.toString());
        assertFalse(ssh("p1a", "ls /etc/systemd/network/").out().contains("vip51"), "nothing of the ipvlan was written");
    }
}
