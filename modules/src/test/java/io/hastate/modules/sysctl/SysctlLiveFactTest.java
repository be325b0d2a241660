package io.hastate.modules.sysctl;

import io.hastate.core.facts.Fact;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.LocalTransport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live value fact, run by a real shell against this machine's /proc/sys (a shell read loop returned "4" here). */
class SysctlLiveFactTest {
    static String read(String key) throws Exception {
        Fact<String> fact = SysctlPresent.live(new SysctlKey(key));
        CommandResult r = new LocalTransport(Duration.ofSeconds(10), Backups.DEFAULT).run(fact.command(), null);
        return fact.parse(r.stdoutText(), r.exitCode());
    }

    @Test
    void readsTheKernelsValueAsTheKernelWritesIt() throws Exception {
        assertEquals(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_forward")).get(0).strip(), read("net.ipv4.ip_forward"));
        // Several fields on one line, separated by tabs (the kernel's own layout).
        // (Read line by line: /proc files report a size of 0.)
        String rmem = Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_rmem")).get(0);
        assertTrue(rmem.contains("\t"), rmem);
        assertEquals(SysctlKey.normalize(rmem), read("net.ipv4.tcp_rmem"));
    }

    @Test
    void aMissingParameterIsAnErrorNotAnEmptyValue() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> read("net.ipv4.conf.no-such-link0.rp_filter"));
        assertTrue(e.getMessage().contains("no kernel parameter net.ipv4.conf.no-such-link0.rp_filter"), e.getMessage());
    }
}
