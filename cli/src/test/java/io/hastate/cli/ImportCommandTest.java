package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** hastate import's bad input: refused before any host is read, nothing written. (The import itself: LabImportTest.) */
class ImportCommandTest {
    @TempDir
    Path dir;

    @Test
    void anInventoryThatHasPairsAlreadyIsRefused() {
        Path inv = LocalPair.inventory(dir);
        Run r = Run.of("import", "-i", inv.toString());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("pairs") && r.err().contains("already declares pairs"), r.err());
    }

    @Test
    void anExistingOutFileIsNeverReplacedAndAnotherFolderIsRefused() throws Exception {
        Path inv = Fixtures.write(dir, "hosts.yaml", "hosts:\n  n1: {connection: local}\n");
        Path existing = Files.writeString(dir.resolve("imported.yaml"), "mine\n");
        Run r = Run.of("import", "-i", inv.toString(), "--out", existing.toString());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("--out") && r.err().contains("never replaces"), r.err());
        assertEquals("mine\n", Files.readString(existing));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("imported.yaml");
        Run moved = Run.of("import", "-i", inv.toString(), "--out", elsewhere.toString());
        assertEquals(3, moved.exit());
        assertTrue(moved.err().contains("must be in the folder of hosts.yaml"), moved.err());
        assertTrue(!Files.exists(elsewhere));
    }

    @Test
    void aHostWithoutKeepalivedIsANoteAndNoPairIsWritten() throws Exception {
        Path inv = Fixtures.write(dir, "hosts.yaml", "hosts:\n  n1: {connection: local}\n");
        Path out = dir.resolve("imported.yaml");
        Run r = Run.of("import", "-i", inv.toString(), "--out", out.toString(), "--conf", dir.resolve("no-such.conf").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("note: n1: no " + dir.resolve("no-such.conf")), r.err());
        assertTrue(r.err().contains("no pair found"), r.err());
        assertTrue(Files.readString(out).startsWith("hosts:\n  n1: {connection: local}\n"), "the hosts as written");
    }

    /** A host's keepalived.conf whose instance name carries YAML after a U+2028 line break: nothing of it runs or lands. */
    @Test
    void aHostileInstanceNameNeitherRunsNorReachesTheInventory() throws Exception {
        Path marker = dir.resolve("ran");
        String payload = "X\u2028vars:\u2028  x: {command: 'touch " + marker + "; echo v'}\u2028...";
        Path conf = Fixtures.write(dir, "keepalived.conf", """
                vrrp_instance %s {
                    state MASTER
                    interface eth0
                    virtual_router_id 9
                    priority 150
                    virtual_ipaddress {
                        10.0.0.9/32
                    }
                }
                """.formatted(payload));
        Path inv = Fixtures.write(dir, "hosts.yaml", "hosts:\n  n1: {connection: local}\n  n2: {connection: local}\n");
        Path out = dir.resolve("imported.yaml");
        Run r = Run.of("import", "-i", inv.toString(), "--out", out.toString(), "--conf", conf.toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(marker), "a command from the host's file ran on the controller");
        assertTrue(r.err().contains("its name is not a keepalived name"), r.err());
        assertTrue(r.err().chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)), "the host's text is shown escaped: " + r.err());
        assertFalse(Files.readString(out).contains("vars"), Files.readString(out));
        Run listed = Run.of("inventory", "-i", out.toString());
        assertEquals(0, listed.exit(), listed.err());
        assertFalse(Files.exists(marker), "a command from the host's file ran on the controller");
    }
}
