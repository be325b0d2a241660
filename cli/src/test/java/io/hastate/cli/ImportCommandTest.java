package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
