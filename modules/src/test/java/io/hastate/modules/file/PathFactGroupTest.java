package io.hastate.modules.file;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.FactGroup;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.ForwardingTransport;
import io.hastate.core.transport.LocalTransport;
import io.hastate.core.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The joint read of many paths against each path's own command, both run by this machine's shell and
 * coreutils on the same files: the split must hand each fact exactly what its own command prints.
 */
class PathFactGroupTest {
    @TempDir
    Path dir;

    private final LocalTransport local = new LocalTransport(Duration.ofSeconds(20), Backups.DEFAULT);

    private List<Fact<FileState>> everyKindOfPath() throws Exception {
        Path binary = Files.write(dir.resolve("binary"), new byte[] {'a', 0, (byte) 0xff, '\n', '\n'});
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-r-----"));
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path text = Files.writeString(dir.resolve("odd name 'with' quotes\nand a newline"), "line one\nno newline at the end");
        Path big = Files.write(dir.resolve("big"), new byte[200_000]);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), binary);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        String absent = dir.resolve("absent").toString();
        return List.of(FileFacts.withContent(binary.toString()), FileFacts.withContent(empty.toString()),
                FileFacts.withContent(text.toString()), FileFacts.stat(text.toString()), FileFacts.withContent(big.toString()),
                FileFacts.stat(binary.toString()), FileFacts.withContent(sub.toString()), FileFacts.stat(sub.toString()),
                FileFacts.withContent(link.toString()), FileFacts.stat(dangling.toString()), FileFacts.withContent(fifo.toString()),
                FileFacts.withContent(absent), FileFacts.stat(absent));
    }

    @Test
    void splitsIntoWhatEachPathsOwnCommandPrints() throws Exception {
        List<Fact<FileState>> facts = everyKindOfPath();
        List<String> subjects = facts.stream().map(f -> f.joint().subject()).toList();
        CommandResult whole = local.run(PathFactGroup.INSTANCE.command(subjects), null);
        List<CommandResult> split = PathFactGroup.INSTANCE.split(subjects, whole);
        for (int i = 0; i < facts.size(); i++) {
            CommandResult own = local.run(facts.get(i).command(), null);
            assertEquals(own.stdoutText(), split.get(i).stdoutText(), facts.get(i).key());
            assertEquals(own.exitCode(), split.get(i).exitCode(), facts.get(i).key());
        }
    }

    @Test
    void theCacheReadsThemInOneRoundTripWithTheExactBytes() throws Exception {
        List<Fact<FileState>> facts = everyKindOfPath();
        FactCache cache = new FactCache(local);
        var values = cache.view(new ArrayList<>(facts));
        assertEquals(1, cache.roundTrips());
        assertArrayEquals(new byte[] {'a', 0, (byte) 0xff, '\n', '\n'}, values.get(facts.get(0)).content());
        assertEquals("line one\nno newline at the end", new String(values.get(facts.get(2)).content(), StandardCharsets.UTF_8));
        assertEquals(200_000, values.get(facts.get(4)).content().length);
        assertEquals(FileState.Kind.OTHER, values.get(facts.get(10)).kind());
        assertEquals(FileState.ABSENT, values.get(facts.get(11)));
    }

    @Test
    void aFileThatChangedWhileReadIsReadAgainAlone() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "first\n");
        Path b = Files.writeString(dir.resolve("b"), "second\n");
        List<Fact<FileState>> facts = List.of(FileFacts.withContent(a.toString()), FileFacts.withContent(b.toString()));
        // The joint read sees "a" one byte longer than stat said, as when a file grows between the two.
        ForwardingTransport grown = new ForwardingTransport(local) {
            @Override
            public List<CommandResult> runBatch(List<String> commands) throws TransportException {
                List<CommandResult> results = new ArrayList<>(super.runBatch(commands));
                for (int i = 0; i < commands.size(); i++) {
                    if (commands.get(i).contains("base64 -w0\n")) results.set(i, withOneMoreByte(results.get(i)));
                }
                return results;
            }
        };
        FactCache cache = new FactCache(grown);
        var values = cache.view(new ArrayList<>(facts));
        assertEquals(2, cache.roundTrips());
        assertEquals("first\n", new String(values.get(facts.get(0)).content(), StandardCharsets.UTF_8));
        assertEquals("second\n", new String(values.get(facts.get(1)).content(), StandardCharsets.UTF_8));
    }

    private static CommandResult withOneMoreByte(CommandResult r) {
        String[] lines = r.stdoutText().split("\n", -1);
        int last = lines.length - 2;
        byte[] content = java.util.Base64.getDecoder().decode(lines[last]);
        byte[] longer = java.util.Arrays.copyOf(content, content.length + 1);
        lines[last] = java.util.Base64.getEncoder().encodeToString(longer);
        return CommandResult.of(r.exitCode(), String.join("\n", lines), "");
    }

    @Test
    void aPathThatWentAwayBeforeStatIsNotTrusted() {
        List<String> subjects = List.of(PathFactGroup.statSubject("/x"), PathFactGroup.statSubject("/y"));
        // Both existed for the shell, but stat printed one line only.
        CommandResult whole = CommandResult.ok("y\ny\n644 root root 3 regular file\n--\n\n");
        assertThrows(FactGroup.UntrustedRead.class, () -> PathFactGroup.INSTANCE.split(subjects, whole));
    }
}
