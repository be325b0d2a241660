package io.hastate.cli.lab;

import io.hastate.watch.History;
import io.hastate.watch.WatchEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history in a real PostgreSQL server (Debian's, started by lab/postgres.sh) reads back as it does from SQLite. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void sqliteAndPostgresqlGiveTheSameHistory() throws Exception {
        Lab.Result started = Lab.run(List.of(Lab.script().getParent().resolve("postgres.sh").toString()));
        assertEquals(0, started.exit(), started.err());
        String url = started.out().strip();
        String password = Files.readString(Path.of("/var/lib/hastate-pg/pg-password")).strip();
        String pair = "hist" + System.nanoTime();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        List<WatchEvent> events = List.of(
                new WatchEvent(t, WatchEvent.Kind.OUTAGE, pair, null, "nobody holds 10.9.9.9/32"),
                new WatchEvent(t.plusMillis(1234), WatchEvent.Kind.OUTAGE_OVER, pair, null, "lasted 1234 ms"),
                new WatchEvent(t.plusSeconds(5), WatchEvent.Kind.DRIFT, pair, pair + "b", "2 state(s) differ"),
                new WatchEvent(t.plusSeconds(9), WatchEvent.Kind.IN_SYNC, pair, pair + "b", ""));
        Path file = tmp.resolve("history.db");
        try (History sqlite = History.file(file); History pg = History.open(url + "&password=" + password)) {
            events.forEach(sqlite);
            events.forEach(pg);
        }
        String fromSqlite = history(pair, List.of("--db", file.toString()), null);
        String fromPostgres = history(pair, List.of("--db-url", url), password);
        assertTrue(fromSqlite.contains("\"duration_ms\" : 1234"), fromSqlite);
        assertTrue(fromSqlite.contains("\"what\" : \"drift\""), fromSqlite);
        assertEquals(fromSqlite, fromPostgres);
    }

    /** {@code hastate history} as a user runs it, the password in PGPASSWORD, never on the command line. */
    static String history(String pair, List<String> store, String pgPassword) throws Exception {
        Path jar = Lab.script().getParent().getParent().resolve("cli/target/hastate.jar");
        List<String> argv = new ArrayList<>(List.of("java", "-jar", jar.toString(), "history", "--pair", pair, "--since", "1h", "--format", "json"));
        argv.addAll(store);
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (pgPassword != null) pb.environment().put("PGPASSWORD", pgPassword);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
