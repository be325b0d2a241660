package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A PEM key in a secret-named variable, used as a file's content: no report shows any line of it. */
@Timeout(60)
class MultiLineSecretTest {
    @TempDir
    Path dir;

    static final List<String> KEY_LINES = List.of(
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
            "QW5vdGhlciBsaW5lIG9mIHRoZSBrZXkgdGhhdCBtdXN0IG5vdCBsZWFr",
            "c2VjcmV0IHRhaWw=");

    @Test
    void everyLineOfAPemKeyIsMaskedInTextJsonJunitAndHtml() throws Exception {
        Path target = dir.resolve("etc");
        String pem = "-----BEGIN PRIVATE KEY-----\n" + String.join("\n", KEY_LINES) + "\n-----END PRIVATE KEY-----\n";
        StringBuilder indented = new StringBuilder();
        for (String line : pem.split("\n")) indented.append("    ").append(line).append('\n');
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                states: states
                vars:
                  root: %s
                  tls_private_key: |
                %shosts:
                  me: {connection: local, vars: {hastate_backup_dir: %s}}
                """.formatted(target, indented, dir.resolve("backup")));
        Fixtures.write(dir, "states/top.yaml", "'*': [tls]\n");
        Fixtures.write(dir, "states/tls.yaml", """
                key:
                  file.managed: {name: "{{root}}/tls.key", content: "{{tls_private_key}}", mode: "0600", makedirs: true}
                """);
        Path html = dir.resolve("report.html");
        for (String format : List.of("text", "json", "junit")) {
            Run r = Run.of("check", "-i", inventory.toString(), "--format", format, "--verbose", "--html", html.toString());
            assertTrue(r.exit() == 2, format + " check would change the file: " + r.out() + r.err());
            String page = Files.readString(html);
            for (String line : KEY_LINES) {
                assertFalse(r.out().contains(line), format + " shows a key line:\n" + r.out());
                assertFalse(r.err().contains(line), format + " (stderr) shows a key line:\n" + r.err());
                assertFalse(page.contains(line), "the HTML page shows a key line");
            }
            assertTrue(r.out().contains("********"), format + " shows where the key was: " + r.out());
        }
    }
}
