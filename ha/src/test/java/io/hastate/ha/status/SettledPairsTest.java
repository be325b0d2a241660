package io.hastate.ha.status;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.testing.FakeTime;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.transport.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After an apply the pairs are judged as check judges them, once keepalived has had its time to elect. */
@Timeout(20)
class SettledPairsTest {
    @TempDir
    Path dir;

    final FakeTime time = new FakeTime();
    /** How many reads of a1's addresses before it holds the VIP (never: -1). */
    int a1HoldsAfter = -1;
    boolean keepalivedRuns = true;
    final AtomicInteger a1Reads = new AtomicInteger();

    Inventory inventory() {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a1: {}, b1: {}, c1: {}}
                pairs:
                  p1:
                    nodes: {a1: {priority: 150}, b1: {priority: 100}}
                    vrrp: {virtual_router_id: 1, interface: eth0, vips: [10.0.0.1/32]}
                """));
    }

    Optional<CommandResult> answer(String host, String command) {
        if (command.startsWith("ip -j addr show")) {
            boolean holds = host.equals("a1") && a1HoldsAfter >= 0 && a1Reads.getAndIncrement() >= a1HoldsAfter;
            return Optional.of(CommandResult.ok("[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"10.0.1.1\",\"prefixlen\":24,\"scope\":\"global\"}"
                    + (holds ? ",{\"local\":\"10.0.0.1\",\"prefixlen\":32,\"scope\":\"global\"}" : "") + "]}]"));
        }
        if (command.startsWith("systemctl show -p ActiveState")) {
            return Optional.of(CommandResult.ok("ActiveState=" + (keepalivedRuns ? "active" : "inactive") + "\nExecMainStartTimestampMonotonic=1000\n"));
        }
        if (command.contains("/etc/hastate/")) return Optional.of(CommandResult.ok(""));
        return Optional.empty();
    }

    PairSection after(List<String> touched) {
        return SettledPairs.after(inventory(), touched, h -> new FakeTransport().handle(c -> answer(h.name(), c)), 2, null, time.waiter());
    }

    @Test
    void aVipElectedAFewSecondsAfterTheApplyIsWaitedForAndThePairIsOk() {
        a1HoldsAfter = 4;
        PairSection s = after(List.of("a1"));
        assertEquals(List.of(), s.pairs().get(0).problems());
        assertTrue(time.slept().compareTo(Duration.ofSeconds(1)) >= 0 && time.slept().compareTo(SettledPairs.settleTime(1)) < 0, time.slept().toString());
    }

    @Test
    void aVipNobodyTakesWhileKeepalivedRunsIsAnOutageOnceTheElectionHadItsTime() {
        PairSection s = after(List.of("b1"));
        assertTrue(s.pairs().get(0).outage(), s.lines().toString());
        assertTrue(s.pairs().get(0).problems().contains("no master: nobody holds 10.0.0.1/32"), s.pairs().get(0).problems().toString());
        assertTrue(time.slept().compareTo(SettledPairs.settleTime(1)) >= 0, time.slept().toString());
    }

    @Test
    void withKeepalivedRunningOnNeitherNodeThereIsNothingToWaitForAndThePairIsDrift() {
        keepalivedRuns = false;
        PairSection s = after(List.of("a1", "b1"));
        assertFalse(s.pairs().get(0).outage());
        assertTrue(s.pairs().get(0).problems().contains("keepalived runs on neither node"), s.pairs().get(0).problems().toString());
        assertEquals(Duration.ZERO, time.slept());
        assertEquals(List.of(), after(List.of("c1")).pairs(), "an apply of no pair member judges no pair");
    }
}
