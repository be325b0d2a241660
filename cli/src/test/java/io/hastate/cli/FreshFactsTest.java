package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A guard decides on what the host is when the guarded state runs, not on what it was before earlier changes. */
class FreshFactsTest {
    @TempDir
    Path dir;

    @Test
    void aCommandGuardSeesTheFileAnEarlierStateJustWrote() throws Exception {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                states: states
                vars: {root: %s}
                hosts:
                  me: {connection: local, vars: {hastate_backup_dir: %s}}
                """.formatted(dir, dir.resolve("backup")));
        Fixtures.write(dir, "states/top.yaml", "'*': [app]\n");
        Fixtures.write(dir, "states/app.yaml", """
                marker:
                  file.managed: {name: "{{root}}/x", content: "foo\\n"}
                once:
                  cmd.run:
                    name: echo ran >> {{root}}/log
                    unless: grep -q foo {{root}}/x
                    require: [marker]
                """);
        Run run = Run.of("apply", "-i", inventory.toString());
        String out = run.out();

        assertEquals(0, run.exit(), out);
        assertEquals("foo\n", Files.readString(dir.resolve("x")));
        assertFalse(Files.exists(dir.resolve("log")), "the guard was true when the command's turn came:\n" + out);
        assertTrue(out.contains("changed=1"), out);
    }
}
