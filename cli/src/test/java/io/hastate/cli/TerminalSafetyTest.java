package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file on a host holding terminal control sequences: the diff shows them, the operator's screen does not obey them. */
@Timeout(60)
class TerminalSafetyTest {
    @TempDir
    Path dir;

    @Test
    void aDiffOfHostTextCannotRewriteTheTerminal() throws Exception {
        Path file = dir.resolve("motd");
        Files.writeString(file, "hello\n\u001b]0;pwned\u0007\u001b[2K\u001b[1Aall fine\u009b2J\n");
        Path inv = Fixtures.write(dir, "inventory.yaml", "states: states\nhosts:\n  me: {connection: local, vars: {hastate_backup_dir: %s}}\n"
                .formatted(dir.resolve("backup")));
        Fixtures.write(dir, "states/top.yaml", "'*': [motd]\n");
        Fixtures.write(dir, "states/motd.yaml", "motd:\n  file.managed: {name: %s, content: \"hello\\n\"}\n".formatted(file));
        Run r = Run.of("check", "-i", inv.toString());
        assertEquals(2, r.exit(), r.err());
        String all = r.out() + r.err();
        assertFalse(all.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x9b), "no raw control character reaches the terminal:\n" + all);
        assertTrue(r.out().contains("\\u001b]0;pwned\\u0007\\u001b[2K\\u001b[1Aall fine\\u009b2J"), r.out());
    }
}
