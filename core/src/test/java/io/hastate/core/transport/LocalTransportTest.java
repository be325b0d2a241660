package io.hastate.core.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell scripts every transport relies on, run by a real sh. */
class LocalTransportTest {
    @TempDir
    Path dir;

    LocalTransport transport() {
        return new LocalTransport(Duration.ofSeconds(20), dir.resolve("backup").toString());
    }

    @Test
    void runsWithStdinAndReportsExitCodeAndStderr() throws Exception {
        CommandResult r = transport().run("cat; echo oops >&2; exit 3", "in".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, r.exitCode());
        assertEquals("in", r.stdoutText());
        assertEquals("oops\n", r.stderr());
    }

    @Test
    void batchKeepsEachCommandsOutputAndExitCode() throws Exception {
        List<CommandResult> rs = transport().runBatch(List.of(
                "printf 'no newline'", "echo two; echo lines", "exit 7", "echo hidden >&2", "printf ''", "cat"));
        assertEquals("no newline", rs.get(0).stdoutText());
        assertEquals("two\nlines\n", rs.get(1).stdoutText());
        assertEquals(7, rs.get(2).exitCode());
        assertEquals("", rs.get(3).stdoutText(), "stderr is not mixed into facts");
        assertEquals(0, rs.get(4).exitCode());
        assertEquals("", rs.get(5).stdoutText(), "commands get no stdin");
    }

    @Test
    void batchSurvivesOutputThatLooksLikeAFrame() throws Exception {
        List<CommandResult> rs = transport().runBatch(List.of("echo '__hastate_x__ end 0 0'", "echo ok"));
        assertEquals("__hastate_x__ end 0 0\n", rs.get(0).stdoutText());
        assertEquals("ok\n", rs.get(1).stdoutText());
    }

    @Test
    void batchThatStopsEarlyIsATransportError() {
        BatchScript script = BatchScript.of(List.of("true", "true"));
        assertThrows(TransportException.class, () -> script.split(CommandResult.ok("")));
    }

    @Test
    void writeFileCreatesWithModeAndBacksUpTheOldFile() throws Exception {
        Path target = dir.resolve("etc/app.conf");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        transport().writeFile(target.toString(), "new\n".getBytes(StandardCharsets.UTF_8), new FileAttributes("0640", null, null));
        assertEquals("new\n", Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var backups = Files.walk(dir.resolve("backup"))) {
            List<Path> files = backups.filter(Files::isRegularFile).toList();
            assertEquals(1, files.size());
            assertEquals("old\n", Files.readString(files.get(0)));
            assertTrue(files.get(0).toString().startsWith(dir.resolve("backup") + target.toString() + "."), files.get(0).toString());
        }
        try (var left = Files.list(target.getParent())) {
            assertEquals(List.of(target), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void writeFileKeepsTheOldModeWhenNoneIsDeclared() throws Exception {
        Path target = dir.resolve("keep.conf");
        Files.writeString(target, "old\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        transport().writeFile(target.toString(), "x".getBytes(StandardCharsets.UTF_8), FileAttributes.DEFAULT);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        Path fresh = dir.resolve("fresh.conf");
        transport().writeFile(fresh.toString(), "x".getBytes(StandardCharsets.UTF_8), FileAttributes.DEFAULT);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("stay.conf");
        Files.writeString(target, "old\n");
        FileWriteException e = assertThrows(FileWriteException.class, () -> transport().writeFile(target.toString(),
                "new".getBytes(StandardCharsets.UTF_8), new FileAttributes("0644", "no-such-user-hastate", null)));
        assertTrue(e.getMessage().contains("no-such-user-hastate"), e.getMessage());
        assertEquals("old\n", Files.readString(target));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith(".hastate")).count());
        }
    }

    @Test
    void contentCutShortNeverReplacesTheFile() throws Exception {
        // A dropped connection ends stdin early: the script must notice and keep the old file.
        Path target = dir.resolve("cut.conf");
        Files.writeString(target, "old\n");
        byte[] full = "0123456789".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] half = java.util.Arrays.copyOf(full, full.length / 2);
        CommandResult r = transport().run(AtomicWrite.script(target.toString(), FileAttributes.DEFAULT, null, full), half);
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("incomplete"), r.stderr());
        byte[] corrupt = full.clone();
        corrupt[5] = 'x';
        CommandResult bad = transport().run(AtomicWrite.script(target.toString(), FileAttributes.DEFAULT, null, full), corrupt);
        assertTrue(bad.stderr().contains("checksum"), bad.stderr());
        assertEquals("old\n", Files.readString(target));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList());
        }
    }

    @Test
    void quotingSurvivesHostileNames() throws Exception {
        Path odd = dir.resolve("it's $(rm -rf x) `a` b.conf");
        transport().writeFile(odd.toString(), "ok".getBytes(StandardCharsets.UTF_8), FileAttributes.DEFAULT);
        assertEquals("ok", Files.readString(odd));
        assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), transport().readFile(odd.toString()));
    }

    @Test
    void commandTimeoutIsATransportError() {
        LocalTransport quick = new LocalTransport(Duration.ofMillis(200), "/tmp");
        assertThrows(TransportException.class, () -> quick.run("sleep 5"));
    }
}
