package io.hastate.modules.sysctl;

import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Scope;
import io.hastate.core.model.Diff;
import io.hastate.core.module.Args;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.transport.CommandResult;
import io.hastate.modules.file.FileFacts;
import io.hastate.modules.file.FileState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class SysctlPresentTest {
    static final String FILE = SysctlPresent.DEFAULT_FILE;

    static Args sysctl(String key, String value, boolean persist, String config) {
        return Args.of("name", key, "value", value, "persist", persist, "config", config);
    }

    @Test
    void theFileIsWrittenOnceWithTheLaterStatesLinesThatPersistIntoIt() throws Exception {
        Args first = sysctl("net.ipv4.conf.eth0.arp_ignore", "1", true, FILE);
        List<Args> later = List.of(sysctl("net.ipv4.conf.eth0.arp_announce", "2", true, FILE),
                sysctl("net.ipv4.ip_forward", "1", false, FILE),
                sysctl("net.ipv4.ip_nonlocal_bind", "1", true, "/etc/sysctl.d/99-other.conf"),
                sysctl("net.ipv4.conf.eth0.promote_secondaries", "1", true, FILE));
        SysctlPresent fn = new SysctlPresent();
        FactValues facts = new FactValues(Map.of(SysctlPresent.live(new SysctlKey(first.name())).key(), "0",
                FileFacts.withContent(FILE).key(), new FileState(FileState.Kind.FILE, "0644", "root", "root",
                        "# kept\nnet.ipv4.conf.eth0.arp_ignore = 0\n".getBytes(StandardCharsets.UTF_8))));
        Diff diff = fn.check(first, facts);
        FakeTransport host = new FakeTransport().handle(c -> Optional.of(CommandResult.ok("")));
        fn.apply(first, facts, diff, host, later);

        assertEquals(1, host.written().size(), "one write for every line of the file");
        String text = host.written().get(0).content();
        assertTrue(text.startsWith("# kept\n"), "the file's other lines stay: " + text);
        for (String line : List.of("net.ipv4.conf.eth0.arp_ignore = 1", "net.ipv4.conf.eth0.arp_announce = 2", "net.ipv4.conf.eth0.promote_secondaries = 1")) {
            assertTrue(text.contains(line + "\n"), line + " in " + text);
        }
        assertTrue(!text.contains("ip_forward") && !text.contains("nonlocal_bind"), "not persisted, or persisted elsewhere: " + text);
        assertTrue(!text.contains("arp_ignore = 0"), text);
    }

    @Test
    void onlyTheLiveValueIsReadAgainWhenTheFileWasNotWritten() {
        Args a = sysctl("net.ipv4.conf.eth0.arp_ignore", "1", true, FILE);
        SysctlPresent fn = new SysctlPresent();
        List<Scope> all = fn.changes(a);
        Diff liveOnly = Diff.of("", io.hastate.core.model.Change.of("live", "0", "1")).with(new SysctlPresent.SetLive());
        assertEquals(all.subList(1, all.size()), fn.changed(a, liveOnly));
        Diff both = liveOnly.plus(Diff.of("", io.hastate.core.model.Change.of("persisted", null, "1")).with(new SysctlPresent.Persist()));
        assertEquals(all, fn.changed(a, both));
    }
}
