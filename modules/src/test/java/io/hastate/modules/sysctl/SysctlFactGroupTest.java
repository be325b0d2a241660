package io.hastate.modules.sysctl;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.FactGroup;
import io.hastate.core.facts.FactValues;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.LocalTransport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many kernel parameters read by one grep, against each one's own cat, on this machine's /proc/sys. */
class SysctlFactGroupTest {
    private final LocalTransport local = new LocalTransport(Duration.ofSeconds(20), Backups.DEFAULT);

    /** Line by line: /proc/sys answers a read at an offset with end of file, and whole-file reads use offsets. */
    private static String proc(String path) throws java.io.IOException {
        return String.join("\n", Files.readAllLines(Path.of(path))) + "\n";
    }

    private static List<String> paths(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> new SysctlKey(k).procPath()).toList();
    }

    @Test
    void splitsIntoWhatEachParametersOwnCatPrints() throws Exception {
        // One value, several tab-separated fields, a missing parameter, and one more after it.
        List<String> keys = List.of("net.ipv4.ip_forward", "net.ipv4.tcp_rmem", "net.ipv4.conf.no-such-link0.rp_filter", "kernel.ostype");
        List<String> procPaths = paths(keys.toArray(String[]::new));
        List<CommandResult> split = SysctlFactGroup.INSTANCE.split(procPaths, local.run(SysctlFactGroup.INSTANCE.command(procPaths), null));
        for (int i = 0; i < keys.size(); i++) {
            Fact<String> fact = SysctlPresent.live(new SysctlKey(keys.get(i)));
            CommandResult own = local.run(fact.command(), null);
            assertEquals(own.stdoutText(), split.get(i).stdoutText(), keys.get(i));
            assertEquals(own.ok(), split.get(i).ok(), keys.get(i));
        }
        assertEquals(proc("/proc/sys/kernel/ostype"), split.get(3).stdoutText());
    }

    @Test
    void theCacheReadsThemInOneRoundTrip() throws Exception {
        List<Fact<?>> facts = List.of(SysctlPresent.live(new SysctlKey("net.ipv4.ip_forward")),
                SysctlPresent.live(new SysctlKey("net.ipv4.tcp_rmem")), SysctlPresent.live(new SysctlKey("net.ipv4.conf.no-such-link0.rp_filter")));
        FactCache cache = new FactCache(local);
        FactValues values = cache.view(new ArrayList<>(facts));
        assertEquals(1, cache.roundTrips());
        assertEquals(SysctlKey.normalize(proc("/proc/sys/net/ipv4/tcp_rmem")), values.get(facts.get(1)));
        RuntimeException missing = assertThrows(RuntimeException.class, () -> values.get(facts.get(2)));
        assertTrue(missing.getMessage().contains("no-such-link0"), missing.getMessage());
    }

    @Test
    void aReadErrorMakesTheJointReadUntrusted() {
        List<String> procPaths = paths("net.ipv4.ip_forward", "net.ipv6.conf.all.stable_secret");
        // grep's status 2: some parameter refused the read (stable_secret does while it is unset).
        CommandResult whole = CommandResult.ok("y\ny\n--\n/proc/sys/net/ipv4/ip_forward:1\n2\n");
        assertThrows(FactGroup.UntrustedRead.class, () -> SysctlFactGroup.INSTANCE.split(procPaths, whole));
    }

    @Test
    void aParameterThatRefusesReadsIsReadAloneAndSaysSo() throws Exception {
        Path secret = Path.of("/proc/sys/net/ipv6/conf/all/stable_secret");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(secret), "no IPv6 on this machine");
        Fact<String> forward = SysctlPresent.live(new SysctlKey("net.ipv4.ip_forward"));
        Fact<String> stable = SysctlPresent.live(new SysctlKey("net.ipv6.conf.all.stable_secret"));
        CommandResult own = local.run(stable.command(), null);
        FactCache cache = new FactCache(local);
        FactValues values = cache.view(List.of(forward, stable));
        assertEquals(proc("/proc/sys/net/ipv4/ip_forward").strip(), values.get(forward));
        if (own.ok()) {
            assertEquals(SysctlKey.normalize(own.stdoutText()), values.get(stable));
        } else {
            assertEquals(2, cache.roundTrips(), "the refused read sends both back to their own commands");
            assertThrows(RuntimeException.class, () -> values.get(stable));
        }
    }
}
