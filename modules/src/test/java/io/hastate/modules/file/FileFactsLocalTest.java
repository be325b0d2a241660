package io.hastate.modules.file;

import io.hastate.core.facts.FactCache;
import io.hastate.core.transport.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The file facts' commands run by this machine's real coreutils, and parsed. */
class FileFactsLocalTest {
    @TempDir
    Path dir;

    @Test
    void readsKindModeOwnerAndExactBytes() throws Exception {
        Path file = dir.resolve("conf");
        byte[] bytes = {'a', 0, (byte) 0xff, '\n', '\n'};
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-x---"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        String owner = Files.getOwner(file).getName();

        var withContent = FileFacts.withContent(file.toString());
        var dirStat = FileFacts.stat(sub.toString());
        var linkStat = FileFacts.stat(link.toString());
        var missing = FileFacts.withContent(dir.resolve("missing").toString());
        FactCache cache = new FactCache(new LocalTransport(Duration.ofSeconds(20), io.hastate.core.transport.Backups.DEFAULT));
        var facts = cache.view(List.of(withContent, dirStat, linkStat, missing));

        FileState f = facts.get(withContent);
        assertEquals(FileState.Kind.FILE, f.kind());
        assertEquals("0640", f.mode());
        assertEquals(owner, f.owner());
        assertArrayEquals(bytes, f.content());
        assertEquals(FileState.Kind.DIRECTORY, facts.get(dirStat).kind());
        assertEquals("0750", facts.get(dirStat).mode());
        assertNull(facts.get(dirStat).content());
        assertEquals(FileState.Kind.LINK, facts.get(linkStat).kind());
        assertEquals(FileState.ABSENT, facts.get(missing));
        assertEquals(1, cache.roundTrips());
    }
}
