package io.hastate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class HistoryCommandTest {
    @Test
    void aHistoryThatIsNotThereIsAWrongDbNotAnEmptyHistory(@TempDir Path dir) {
        Path missing = dir.resolve("elsewhere.db");
        Run r = Run.of("history", "--db", missing.toString());
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--db") && r.err().contains("no history at " + missing.toAbsolutePath()), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.out().contains("episode(s)"), "nothing reads as good news: " + r.out());
        assertFalse(Files.exists(missing), "no empty history is made on the spot");
    }
}
