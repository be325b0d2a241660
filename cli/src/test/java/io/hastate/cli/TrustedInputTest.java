package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that another user could change are not obeyed: the inventory, the state tree, plugin folders. Nothing runs. */
@Timeout(60)
class TrustedInputTest {
    @TempDir
    Path dir;

    Path marker;

    Path project(Path at) {
        marker = dir.resolve("ran");
        Path inv = Fixtures.write(at, "inventory.yaml", """
                states: states
                hosts:
                  me: {connection: local}
                """);
        Fixtures.write(at, "states/top.yaml", "'*': [touch]\n");
        Fixtures.write(at, "states/touch.yaml", "touch:\n  cmd.run: {name: 'touch %s'}\n".formatted(marker));
        return inv;
    }

    static void assertRefused(Run r, String naming) {
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(naming) && r.err().contains("not used"), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }

    @Test
    void anInventoryInAFolderEveryUserMayWriteIsRefused() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path inv = project(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(Run.of("apply", "-i", inv.toString()), "the folder " + shared + " is writable by every user");
        assertFalse(Files.exists(marker), "nothing ran");
    }

    @Test
    void aStateFileItsGroupMayWriteIsRefused() throws Exception {
        Path inv = project(dir.resolve("p"));
        Path state = dir.resolve("p/states/touch.yaml");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rw-rw-r--"));
        assertRefused(Run.of("apply", "-i", inv.toString()), state + " is writable by its group");
        assertFalse(Files.exists(marker), "nothing ran");
    }

    @Test
    void aPluginFolderEveryUserMayWriteIsRefused() throws Exception {
        Path inv = project(dir.resolve("p"));
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(Run.of("apply", "-i", inv.toString(), "--modules", plugins.toString()), "the folder " + plugins + " is writable by every user");
        assertFalse(Files.exists(marker), "nothing ran");
    }
}
