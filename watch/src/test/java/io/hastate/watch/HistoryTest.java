package io.hastate.watch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The history in a real SQLite file: episodes opened and closed by events, kept across restarts. */
class HistoryTest {
    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");

    static WatchEvent event(long ms, WatchEvent.Kind kind, String pair, String host, String detail) {
        return new WatchEvent(T0.plusMillis(ms), kind, pair, host, detail);
    }

    @Test
    void outagesAndDriftEpisodesAreKeptWithTheirDurations() throws Exception {
        try (History h = History.file(dir.resolve("history.db"))) {
            h.accept(event(0, WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 10.0.0.9/32"));
            h.accept(event(1350, WatchEvent.Kind.OUTAGE_OVER, "web", null, "lasted 1350 ms"));
            h.accept(event(2000, WatchEvent.Kind.DRIFT, "web", "lb2", "1 state(s) differ"));
            h.accept(event(3000, WatchEvent.Kind.OUTAGE, "db", null, "nobody holds 10.0.1.9/32"));
        }
        try (History again = History.file(dir.resolve("history.db"))) {
            List<History.Episode> all = again.episodes(Instant.EPOCH, null);
            assertEquals(3, all.size());
            assertEquals(Duration.ofMillis(1350), all.get(0).duration());
            assertEquals("nobody holds 10.0.0.9/32", all.get(0).cause());
            assertEquals("drift", all.get(1).what());
            assertEquals("lb2", all.get(1).host());
            assertNull(all.get(2).end(), "still going on");
            assertEquals(2, again.episodes(Instant.EPOCH, "web").size());
            assertEquals(1, again.episodes(T0.plusMillis(2500), null).size());
        }
    }

    @Test
    void onlySqliteAndPostgresqlUrlsAreAccepted() {
        SQLException e = assertThrows(SQLException.class, () -> History.open("jdbc:mysql://x/y"));
        assertEquals("only jdbc:sqlite: and jdbc:postgresql: URLs are supported", e.getMessage());
    }
}
