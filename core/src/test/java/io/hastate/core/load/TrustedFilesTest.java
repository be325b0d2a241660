package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.hastate.core.testing.Fixtures.invalid;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which files hastate obeys: ones no other user can change, through every folder and link on the way. */
@Timeout(10)
class TrustedFilesTest {
    @TempDir
    Path dir;

    static void mode(Path p, String perms) throws Exception {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    static boolean root() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }

    @Test
    void aFileOfOursInFoldersOfOursIsUsed() throws Exception {
        Path f = Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("inventory.yaml"), "hosts: {}\n");
        assertDoesNotThrow(() -> TrustedFiles.check(f, "inventory"));
        assertDoesNotThrow(() -> TrustedFiles.check(dir.resolve("a/b/../b/./inventory.yaml"), "inventory"));
    }

    @Test
    void aFileItsGroupOrEveryoneMayWriteIsRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("inventory.yaml"), "hosts: {}\n");
        mode(f, "rw-rw-r--");
        InvalidInputException e = invalid(() -> TrustedFiles.check(f, "inventory"));
        assertTrue(e.getMessage().startsWith(f + ": inventory: not used: " + f + " is writable by its group (mode 0664)"), e.getMessage());
        mode(f, "rw-r--rw-");
        assertTrue(invalid(() -> TrustedFiles.check(f, "inventory")).getMessage().contains("is writable by every user"));
    }

    @Test
    void aFolderAboveThatOthersMayWriteIsRefusedUnlessSticky() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path f = Files.writeString(Files.createDirectories(shared.resolve("project")).resolve("inventory.yaml"), "hosts: {}\n");
        mode(shared, "rwxrwxrwx");
        assertTrue(invalid(() -> TrustedFiles.check(f, "inventory")).getMessage().contains("the folder " + shared + " is writable by every user (mode 0777)"));
        Files.setAttribute(shared, "unix:mode", 01777);
        assertDoesNotThrow(() -> TrustedFiles.check(f, "inventory"), "a sticky folder (as /tmp) lets nobody replace what is ours");
    }

    @Test
    void aLinkIsFollowedAndItsTargetCheckedToo() throws Exception {
        Path open = Files.createDirectories(dir.resolve("open"));
        Path target = Files.writeString(open.resolve("real.yaml"), "hosts: {}\n");
        mode(open, "rwxrwxrwx");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("mine")).resolve("inventory.yaml"), target);
        assertTrue(invalid(() -> TrustedFiles.check(link, "inventory")).getMessage().contains("the folder " + open + " is writable by every user"));
        Path folderLink = Files.createSymbolicLink(dir.resolve("via"), open);
        assertTrue(invalid(() -> TrustedFiles.check(folderLink.resolve("real.yaml"), "inventory")).getMessage().contains("is writable by every user"));
        mode(open, "rwxr-xr-x");
        assertDoesNotThrow(() -> TrustedFiles.check(link, "inventory"));
        assertDoesNotThrow(() -> TrustedFiles.check(folderLink.resolve("real.yaml"), "inventory"));
    }

    @Test
    void aFileOrLinkOfAnotherUserIsRefused() throws Exception {
        assumeTrue(root(), "only root can give a file to another user");
        Path f = Files.writeString(dir.resolve("inventory.yaml"), "hosts: {}\n");
        Files.setAttribute(f, "unix:uid", 65534);
        assertTrue(invalid(() -> TrustedFiles.check(f, "inventory")).getMessage().contains(f + " belongs to nobody"));
        Path ours = Files.writeString(dir.resolve("ours.yaml"), "hosts: {}\n");
        Path link = Files.createSymbolicLink(dir.resolve("hastate.yaml"), ours);
        Files.setAttribute(link, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        assertTrue(invalid(() -> TrustedFiles.check(link, "project")).getMessage().contains("the link " + link + " belongs to nobody"),
                "another user's link to our file: its folder, not ours, would decide the relative paths");
    }
}
