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

    @Test
    void aStoppingWatchClosesWhatItHasOpenAndSaysSoOtherPairsStayOpen() throws Exception {
        try (History h = History.file(dir.resolve("history.db"))) {
            h.accept(event(0, WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 10.0.0.9/32"));
            h.accept(event(100, WatchEvent.Kind.DRIFT, "web", "lb2", "1 state(s) differ"));
            h.accept(event(200, WatchEvent.Kind.OUTAGE, "db", null, "nobody holds 10.0.1.9/32"));
            assertEquals(2, h.watchStopped(List.of("web"), List.of("lb1", "lb2"), T0.plusMillis(5000)));
            List<History.Episode> all = h.episodes(Instant.EPOCH, null);
            assertEquals(T0.plusMillis(5000), all.get(0).end());
            assertEquals(History.WATCH_STOPPED, all.get(0).ending());
            assertEquals(History.WATCH_STOPPED, all.get(1).ending(), "the drift of a host it checked");
            assertNull(all.get(2).end(), "another watch's pair goes on");
            h.accept(event(6000, WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 10.0.0.9/32"));
            h.accept(event(6500, WatchEvent.Kind.OUTAGE_OVER, "web", null, "lasted 500 ms"));
            assertNull(h.episodes(T0.plusMillis(6000), "web").get(0).ending(), "an episode an event closed says nothing more");
        }
    }

    @Test
    void episodesAWatchLeftOpenWhenItDiedEndWhenItWasLastHeardOfMarkedUnknown() throws Exception {
        // The watch is killed: its outage stays open, its last event at 1.5 s.
        History killed = History.file(dir.resolve("history.db"));
        killed.accept(event(0, WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 10.0.0.9/32"));
        killed.accept(event(1500, WatchEvent.Kind.KEEPALIVED_STATE, "web", "lb1", "MASTER -> FAULT"));
        killed.close();
        try (History next = History.file(dir.resolve("history.db"))) {
            assertEquals(1, next.closeLeftOpen(List.of("web"), List.of("lb1", "lb2")));
            History.Episode e = next.episodes(Instant.EPOCH, null).get(0);
            assertEquals(T0.plusMillis(1500), e.end());
            assertEquals(History.END_UNKNOWN, e.ending());
            assertEquals(0, next.closeLeftOpen(List.of("web"), List.of("lb1", "lb2")), "once");
        }
    }

    @Test
    void aHistoryWrittenBeforeEpisodesSaidHowTheyEndedIsReadAndKeptWriting() throws Exception {
        Path old = dir.resolve("old.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (at_ms BIGINT NOT NULL, kind VARCHAR(32) NOT NULL, pair VARCHAR(255), host VARCHAR(255), detail TEXT NOT NULL)");
            s.execute("CREATE TABLE episodes (what VARCHAR(16) NOT NULL, pair VARCHAR(255), host VARCHAR(255), start_ms BIGINT NOT NULL, end_ms BIGINT, cause TEXT NOT NULL)");
            s.execute("INSERT INTO episodes VALUES ('outage', 'web', NULL, " + T0.toEpochMilli() + ", " + (T0.toEpochMilli() + 400) + ", 'nobody holds 10.0.0.9/32')");
        }
        try (History h = History.file(old)) {
            History.Episode e = h.episodes(Instant.EPOCH, null).get(0);
            assertEquals(Duration.ofMillis(400), e.duration());
            assertNull(e.ending());
            h.accept(event(1000, WatchEvent.Kind.OUTAGE, "web", null, "nobody holds 10.0.0.9/32"));
            assertEquals(1, h.watchStopped(List.of("web"), List.of(), T0.plusMillis(2000)));
        }
    }
}
