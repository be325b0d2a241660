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
        return new LocalTransport(Duration.ofSeconds(20), new Backups(dir.resolve("backup").toString(), 3));
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
        AtomicWrite.Request write = AtomicWrite.request(target.toString(), FileAttributes.DEFAULT, null, full);
        int header = write.stdin().length - full.length;
        CommandResult r = transport().run(write.script(), java.util.Arrays.copyOf(write.stdin(), header + half.length));
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("incomplete"), r.stderr());
        byte[] corrupt = full.clone();
        corrupt[5] = 'x';
        byte[] corruptInput = write.stdin().clone();
        corruptInput[header + 5] = 'x';
        CommandResult bad = transport().run(write.script(), corruptInput);
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
        LocalTransport quick = new LocalTransport(Duration.ofSeconds(1), Backups.DEFAULT);
        assertThrows(CommandLimitException.class, () -> quick.run("sleep 5"));
    }

    @Test
    void aTimedOutCommandLeavesNothingRunning() throws Exception {
        String marker = "30" + (1000 + new java.util.Random().nextInt(8999));
        LocalTransport quick = new LocalTransport(Duration.ofSeconds(1), Backups.DEFAULT);
        CommandLimitException e = assertThrows(CommandLimitException.class,
                () -> quick.run("(sleep " + marker + " &); sh -c 'sleep " + marker + "'; sleep " + marker));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        Thread.sleep(300);
        CommandResult left = transport().run("pgrep -f 'slee[p] " + marker + "' || true");
        assertEquals("", left.stdoutText(), "processes the command started are gone");
    }

    @Test
    void endlessOutputIsStoppedAtTheLimit() {
        long start = System.nanoTime();
        CommandLimitException e = assertThrows(CommandLimitException.class, () -> transport().run("yes hastate"));
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos());
    }

    @Test
    void theChecksumTravelsOnStdinNotInTheCommandLine() {
        byte[] secret = ("auth_pass Zx81yQ\n" + "#".repeat(98765 - 17)).getBytes(StandardCharsets.UTF_8);
        AtomicWrite.Request write = AtomicWrite.request("/etc/keepalived/keepalived.conf", FileAttributes.DEFAULT, Backups.DEFAULT, secret);
        assertTrue(!write.script().contains(AtomicWrite.sha256(secret)), "the script (argv) holds no checksum of the content");
        assertTrue(!write.script().contains(String.valueOf(secret.length)), "nor its size");
    }

    @Test
    void theTemporaryFileHasItsFinalModeBeforeAnyContent() throws Exception {
        // A cat that records the mode of the file it is about to fill, then fills it.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path seen = dir.resolve("seen");
        Files.writeString(bin.resolve("cat"), "#!/bin/sh\nstat -L -c %a /proc/self/fd/1 >> " + seen + "\nexec /bin/cat \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("cat"), PosixFilePermissions.fromString("rwx------"));
        Path secret = dir.resolve("secret.conf");
        AtomicWrite.Request write = AtomicWrite.request(secret.toString(), new FileAttributes("0600", null, null), null,
                "auth_pass x\n".getBytes(StandardCharsets.UTF_8));
        CommandResult r = transport().run("PATH=" + bin + ":$PATH; export PATH\n" + write.script(), write.stdin());
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("600", Files.readString(seen).strip());
        assertEquals("auth_pass x\n", Files.readString(secret));
    }

    @Test
    void backupsArePrivateAndOnlyTheNewestAreKept() throws Exception {
        Path target = dir.resolve("etc/pub.conf");
        Path other = dir.resolve("etc/pub.conf.1");
        Files.createDirectories(target.getParent());
        Files.writeString(other, "other\n");
        transport().writeFile(other.toString(), "other2\n".getBytes(StandardCharsets.UTF_8), new FileAttributes("0644", null, null));
        Files.writeString(target, "v0\n");
        for (int i = 1; i <= 6; i++) {
            transport().writeFile(target.toString(), ("v" + i + "\n").getBytes(StandardCharsets.UTF_8), new FileAttributes("0644", null, null));
        }
        Path folder = dir.resolve("backup" + target.getParent());
        try (var copies = Files.list(folder)) {
            List<Path> mine = copies.filter(p -> p.getFileName().toString().startsWith("pub.conf.2")).sorted().toList();
            assertEquals(3, mine.size(), "keep 3: " + mine);
            assertEquals(List.of("v3\n", "v4\n", "v5\n"), mine.stream().map(p -> {
                try { return Files.readString(p); } catch (java.io.IOException e) { throw new RuntimeException(e); }
            }).toList());
            for (Path p : mine) assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
        try (var copies = Files.list(folder)) {
            assertEquals(1, copies.filter(p -> p.getFileName().toString().startsWith("pub.conf.1.")).count(), "another file's copies are left alone");
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    }

    @Test
    void aSecondLockIsRefusedNamingTheHolderUntilTheFirstIsReleased() throws Exception {
        LocalTransport t = transport();
        try (Transport.Held first = HostLock.acquire(t, "hastate apply by test pid 1", "run-1", Duration.ZERO)) {
            HostLock.LockedException e = assertThrows(HostLock.LockedException.class,
                    () -> HostLock.acquire(t, "hastate apply by test pid 2", "run-2", Duration.ZERO));
            assertTrue(e.getMessage().contains("locked by hastate apply by test pid 1 (run run-1) since "), e.getMessage());
        }
        try (Transport.Held again = HostLock.acquire(t, "hastate apply by test pid 3", "run-3", Duration.ZERO);
             Transport.Held sameRun = HostLock.acquire(t, "hastate apply by test pid 3", "run-3", Duration.ZERO)) {
            assertEquals("locked", again.firstLine());
            assertEquals("locked", sameRun.firstLine(), "one run reaching the machine as two hosts shares its lock");
        }
    }

    @Test
    void aLockTakenWithWaitingIsGrantedOnceReleased() throws Exception {
        LocalTransport t = transport();
        Transport.Held first = HostLock.acquire(t, "first", "run-a", Duration.ZERO);
        new Thread(() -> {
            try { Thread.sleep(700); } catch (InterruptedException e) { return; }
            first.close();
        }).start();
        long start = System.nanoTime();
        try (Transport.Held second = HostLock.acquire(t, "second", "run-b", Duration.ofSeconds(20))) {
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(500).toNanos());
        }
    }

    @Test
    void aHeldCommandIsFollowedLineByLineUntilItEnds() throws Exception {
        try (Transport.Held monitor = transport().hold("echo ready; echo 'first event'; sleep 0.2; echo 'second event'", Duration.ofSeconds(5))) {
            assertEquals("ready", monitor.firstLine());
            assertEquals("first event", monitor.nextLine());
            assertEquals("second event", monitor.nextLine(), "a line printed later is waited for");
            assertEquals(null, monitor.nextLine(), "the end of the command");
        }
    }
}
