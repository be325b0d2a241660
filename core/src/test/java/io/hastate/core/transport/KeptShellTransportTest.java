package io.hastate.core.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeptShellTransportTest {
    /** Counts what reaches the real transport: a channel per command, or a shell held once. */
    static class Counting extends ForwardingTransport {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger holds = new AtomicInteger();

        Counting(Transport inner) {
            super(inner);
        }

        @Override
        public CommandResult run(String command, byte[] stdin) throws TransportException {
            runs.incrementAndGet();
            return super.run(command, stdin);
        }

        @Override
        public Held hold(String command, Duration firstLineWithin) throws TransportException {
            holds.incrementAndGet();
            return super.hold(command, firstLineWithin);
        }
    }

    private final Counting host = new Counting(new LocalTransport(Duration.ofSeconds(20), Backups.DEFAULT));
    private final KeptShellTransport kept = new KeptShellTransport(host, Duration.ofSeconds(20));

    @AfterEach
    void close() {
        kept.close();
    }

    @Test
    void commandsShareOneShellAndKeepTheirOwnOutputStatusAndErrors() throws Exception {
        CommandResult first = kept.run("printf 'no newline at the end'; echo oops >&2; exit 3");
        CommandResult second = kept.run("echo second");
        CommandResult quiet = kept.run("true");

        assertEquals(3, first.exitCode());
        assertEquals("no newline at the end", first.stdoutText());
        assertEquals("oops\n", first.stderr());
        assertEquals("second\n", second.stdoutText());
        assertEquals("", second.stderr(), "an error of one command is not carried into the next");
        assertEquals(0, quiet.exitCode());
        assertEquals("", quiet.stdoutText());
        assertEquals(1, host.holds.get());
        assertEquals(0, host.runs.get());
    }

    @Test
    void aRunThatKeepsShellsSendsEveryCommandToOneShellAndTheHostLockToASessionOfItsOwn(@TempDir Path dir)
            throws Exception {
        Counting counted = new Counting(new LocalTransport(Duration.ofSeconds(20), Backups.DEFAULT));
        io.hastate.core.model.Host any = new io.hastate.core.model.Host("h", "127.0.0.1", 22, null, null,
                io.hastate.core.model.Host.Become.NONE, io.hastate.core.model.Host.Connection.LOCAL, java.util.Map.of(),
                io.hastate.core.model.Location.NONE);
        try (Transport t = KeptShellTransport.keeping(h -> counted, Duration.ofSeconds(20)).open(any)) {
            assertEquals("one\n", t.run("echo one").stdoutText());
            assertEquals(1, counted.holds.get(), "the shell starts with the first command");
            try (Transport.Held lock = HostLock.acquire(t, "kept shell test", "run-k1", Duration.ZERO)) {
                assertEquals("locked", lock.firstLine());
                assertEquals(2, counted.holds.get(), "the lock in a session of its own: it must not outlive a lost connection with the shell's command");
                assertEquals(List.of("a\n", "b\n"), t.runBatch(List.of("echo a", "echo b")).stream().map(CommandResult::stdoutText).toList());
                Path file = dir.resolve("written");
                t.writeFile(file.toString(), "content\n".getBytes(StandardCharsets.UTF_8), new FileAttributes("0600", null, null));
                assertEquals("content\n", Files.readString(file));
            }
            assertEquals(2, counted.holds.get());
            assertEquals(0, counted.runs.get(), "no channel of its own for any command or the write's content");
        }
    }

    @Test
    void inputReachesTheCommandByteForByteInTheShellAndLargeInputTakesAChannel() throws Exception {
        byte[] bytes = {'a', 0, (byte) 0xff, '\n', '\'', '%', 's', '\\', '\n'};
        assertArrayEquals(bytes, kept.run("cat", bytes).stdout());
        assertEquals("9\n", kept.run("wc -c", bytes).stdoutText().strip() + "\n");
        assertEquals(1, host.holds.get());
        assertEquals(0, host.runs.get(), "input up to the limit goes with its command to the kept shell");
        byte[] large = new byte[KeptShellTransport.INPUT_IN_SHELL_LIMIT + 1];
        assertEquals(String.valueOf(large.length), kept.run("wc -c", large).stdoutText().strip());
        assertEquals(1, host.runs.get(), "larger input takes a channel of its own");
    }

    @Test
    void outputIsPassedByteForByteAndACommandReadingInputGetsNone() throws Exception {
        byte[] bytes = kept.run("printf '\\000\\377\\n\\n  begin end done\\n'").stdout();
        assertArrayEquals(new byte[] {0, (byte) 0xff, '\n', '\n', ' ', ' ', 'b', 'e', 'g', 'i', 'n', ' ', 'e', 'n', 'd', ' ', 'd', 'o', 'n', 'e', '\n'}, bytes);
        assertEquals("", kept.run("cat").stdoutText(), "cat must read nothing from the shell's own input");
        assertEquals("after\n", kept.run("echo after").stdoutText());
    }

    @Test
    void aBatchIsOneCommandInTheShell() throws Exception {
        List<CommandResult> results = kept.runBatch(List.of("echo a", "exit 4", "echo c"));
        assertEquals(List.of("a\n", "", "c\n"), results.stream().map(CommandResult::stdoutText).toList());
        assertEquals(4, results.get(1).exitCode());
        assertEquals(0, host.runs.get());
    }

    @Test
    void aShellThatDiesIsReportedAndTheNextCommandOpensAnother() throws Exception {
        kept.run("true");
        // A subshell's $$ is the shell it was started from: the kept one.
        TransportException lost = assertThrows(TransportException.class, () -> kept.run("kill -9 $$"));
        assertTrue(lost.getMessage().startsWith("connection lost"), lost.getMessage());
        assertEquals("back\n", kept.run("echo back").stdoutText());
        assertEquals(2, host.holds.get());
    }

    @Test
    void aCommandIsStoppedOnTheHostAtItsTimeoutWithWhatItStartedAndTheNextOneRuns(@TempDir Path dir) throws Exception {
        KeptShellTransport quick = new KeptShellTransport(host, Duration.ofSeconds(1));
        Path started = dir.resolve("started");
        try {
            assertThrows(CommandLimitException.class, () -> quick.run("sleep 30 & echo $! > " + started + "; wait"));
            long pid = Long.parseLong(Files.readString(started).trim());
            assertTrue(waitUntilGone(pid), "the command's own child must be stopped too");
            assertEquals("still here\n", quick.run("echo still here").stdoutText());
        } finally {
            quick.close();
        }
    }

    @Test
    void aTimedOutCommandIsReportedOnlyOnceTheKillHasReachedTheHost(@TempDir Path dir) throws Exception {
        // The kill travels on a slow link: a caller told "timed out" at once could exit before it is sent.
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        ForwardingTransport slowKill = new ForwardingTransport(new LocalTransport(Duration.ofSeconds(20), Backups.DEFAULT)) {
            @Override
            public CommandResult run(String command, byte[] stdin) throws TransportException {
                if (!command.startsWith("kill -KILL")) return super.run(command, stdin);
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    throw new TransportException("interrupted", e);
                }
                CommandResult result = super.run(command, stdin);
                killed.set(true);
                return result;
            }
        };
        KeptShellTransport quick = new KeptShellTransport(slowKill, Duration.ofSeconds(1));
        Path started = dir.resolve("started");
        try {
            assertThrows(CommandLimitException.class, () -> quick.run("sleep 30 & echo $! > " + started + "; wait"));
            assertTrue(killed.get(), "the kill was sent before the caller heard of the timeout");
            assertTrue(waitUntilGone(Long.parseLong(Files.readString(started).trim())));
        } finally {
            quick.close();
            slowKill.close();
        }
    }

    @Test
    void textThatWouldEndOrConfuseAShellStaysInsideItsCommand() throws Exception {
        CommandResult broken = kept.run("echo )");
        assertTrue(broken.exitCode() != 0);
        assertTrue(broken.stderr().toLowerCase().contains("syntax error"), broken.stderr());
        CommandResult quoted = kept.run("echo 'it''s'; exit 0");
        assertEquals("its\n", quoted.stdoutText());
        assertEquals(1, host.holds.get(), "the kept shell survived both");
    }

    private static boolean waitUntilGone(long pid) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) Thread.sleep(100);
            else return true;
        }
        return false;
    }

    @Test
    void aPingProvesTheShellAnswersAndFindsOneThatIsGone() throws Exception {
        kept.ping();
        kept.ping();
        assertEquals(1, host.holds.get(), "a ping reuses the kept shell");
        assertEquals(0, host.runs.get(), "and starts nothing on the host");
        assertThrows(TransportException.class, () -> kept.run("kill -9 $$"));
        kept.ping();
        assertEquals(2, host.holds.get(), "after the shell died, a ping opens a new one");
    }

    @Test
    void aTransportThatCannotHoldAShellRunsEachCommandAsBefore() throws Exception {
        Counting plain = new Counting(new Transport() {
            @Override
            public CommandResult run(String command, byte[] stdin) {
                return CommandResult.of(0, "ran " + command, "");
            }

            @Override
            public Held hold(String command, Duration firstLineWithin) {
                throw new UnsupportedOperationException("no shell here");
            }

            @Override
            public void close() {}
        });
        KeptShellTransport fallback = new KeptShellTransport(plain, Duration.ofSeconds(5));
        assertEquals("ran x", fallback.run("x").stdoutText());
        assertEquals("ran y", fallback.run("y").stdoutText());
        assertEquals(2, plain.runs.get());
        assertEquals(1, plain.holds.get(), "a transport that cannot is asked once");
    }

    /** Every byte but NUL, and what printf or the shell could read as their own: %, backslash escapes, quotes, no newline at the end. */
    static byte[] awkwardContent() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int b = 1; b < 256; b++) out.write(b);
        out.writeBytes("\n%s %b %% \\c \\0101 \\n '\\'' \"$p\" $(reboot) `id` 7\\".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void aWriteInTheShellCarriesItsContentInTheScriptByteForByteWithItsModeAndNoDecoder(@TempDir Path dir) throws Exception {
        StringBuilder sent = new StringBuilder();
        Counting recording = new Counting(new LocalTransport(Duration.ofSeconds(20), Backups.DEFAULT)) {
            @Override
            public Held hold(String command, Duration firstLineWithin) throws TransportException {
                Held held = super.hold(command, firstLineWithin);
                return new Held() {
                    public String firstLine() { return held.firstLine(); }
                    public java.io.InputStream output() { return held.output(); }
                    public java.io.OutputStream input() {
                        return new java.io.FilterOutputStream(held.input()) {
                            @Override public void write(byte[] b, int off, int len) throws java.io.IOException {
                                sent.append(new String(b, off, len, StandardCharsets.ISO_8859_1));
                                out.write(b, off, len);
                            }
                            @Override public void write(int b) throws java.io.IOException {
                                sent.append((char) b);
                                out.write(b);
                            }
                        };
                    }
                    public void close() { held.close(); }
                };
            }
        };
        try (KeptShellTransport t = new KeptShellTransport(recording, Duration.ofSeconds(20))) {
            byte[] content = awkwardContent();
            Path file = dir.resolve("awkward.conf");
            t.writeFile(file.toString(), content, new FileAttributes("0640", null, null));
            assertArrayEquals(content, Files.readAllBytes(file));
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertTrue(sent.toString().contains("printf '\"'\"'%b'\"'\"'") && !sent.toString().contains("base64 -d"),
                    "the content travelled in the script, decoded by the shell itself");
            assertEquals(0, recording.runs.get());

            // Replaced: the old file backed up, the new content exact; an executable mode is set by chmod.
            byte[] again = "second\n".getBytes(StandardCharsets.UTF_8);
            t.writeFile(file.toString(), again, new FileAttributes("0750", null, null));
            assertArrayEquals(again, Files.readAllBytes(file));
            assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

            // A NUL byte cannot be a shell word: that content goes the usual way, through base64.
            byte[] withNul = {'a', 0, 'b', '\n'};
            Path binary = dir.resolve("binary");
            t.writeFile(binary.toString(), withNul, new FileAttributes("0600", null, null));
            assertArrayEquals(withNul, Files.readAllBytes(binary));
            assertTrue(sent.toString().contains("base64 -d"), "content with NUL goes through base64");
        }
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(".hastate")), "no temporary file left");
        }
    }

    @Test
    void inlineContentIsRefusedWhereItCannotTravel() {
        assertEquals(null, AtomicWrite.inline("/tmp/x", FileAttributes.DEFAULT, null, new byte[] {'a', 0}, 100));
        assertEquals(null, AtomicWrite.inline("/tmp/x", FileAttributes.DEFAULT, null, "a".repeat(101).getBytes(StandardCharsets.UTF_8), 100));
        assertEquals(null, AtomicWrite.inline("/tmp/x", FileAttributes.DEFAULT, null, "\u00ff".repeat(60).getBytes(StandardCharsets.ISO_8859_1), 100),
                "escaped, it would be more than twice the limit");
        assertEquals("133", AtomicWrite.umaskFor("0644"));
        assertEquals("137", AtomicWrite.umaskFor("640"));
        assertEquals("177", AtomicWrite.umaskFor("0600"));
    }
}
