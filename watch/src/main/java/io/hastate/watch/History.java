package io.hastate.watch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every event the watch sees, and the outages and drift episodes they open and close, kept in a
 * database: an SQLite file by default, PostgreSQL for a team. Plain JDBC and SQL both understand.
 */
public final class History implements Consumer<WatchEvent>, AutoCloseable {
    /**
     * An outage or a drift episode: where, when, how long (null while it goes on), why. {@code ending} is
     * null when an event closed it; {@link #WATCH_STOPPED} when the watch stopped while it went on (it may
     * have gone on after); {@link #END_UNKNOWN} when the watch ended without closing it (killed, crashed):
     * its end is then the last moment that watch recorded anything.
     */
    public record Episode(String what, String pair, String host, Instant start, Instant end, String cause, String ending) {
        public Duration duration() {
            return end == null ? null : Duration.between(start, end);
        }

        /** The episode as JSON shows it: hastate history --format json and the status page alike. */
        public java.util.Map<String, Object> json() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("what", what);
            m.put("pair", pair);
            m.put("host", host);
            m.put("start", start.toString());
            m.put("end", end == null ? null : end.toString());
            m.put("duration_ms", end == null ? null : duration().toMillis());
            m.put("cause", cause);
            m.put("ending", ending);
            return m;
        }
    }

    public static final String WATCH_STOPPED = "watch stopped";
    public static final String END_UNKNOWN = "end unknown";

    private final Connection db;

    private History(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (at_ms BIGINT NOT NULL, kind VARCHAR(32) NOT NULL, pair VARCHAR(255), "
                    + "host VARCHAR(255), detail TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS episodes (what VARCHAR(16) NOT NULL, pair VARCHAR(255), host VARCHAR(255), "
                    + "start_ms BIGINT NOT NULL, end_ms BIGINT, cause TEXT NOT NULL, ending VARCHAR(64))");
            s.execute("CREATE INDEX IF NOT EXISTS episodes_start ON episodes (start_ms)");
        }
        addEndingColumn();
    }

    /** A history written before episodes said how they ended gets the column (empty: ended by an event). */
    private void addEndingColumn() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeQuery("SELECT ending FROM episodes WHERE 1 = 0").close();
        } catch (SQLException missing) {
            if (!db.getAutoCommit()) db.rollback();
            try (Statement s = db.createStatement()) {
                s.execute("ALTER TABLE episodes ADD COLUMN ending VARCHAR(64)");
            }
        }
    }

    /** An SQLite file, created if need be. */
    public static History file(java.nio.file.Path path) throws SQLException {
        privateFile(path);
        return open("jdbc:sqlite:" + path.toAbsolutePath());
    }

    /** The history tells who was down when: readable by its owner only, and never opened through a link. */
    private static void privateFile(java.nio.file.Path path) throws SQLException {
        try {
            if (java.nio.file.Files.isSymbolicLink(path)) throw new SQLException(path + " is a link; give the file itself");
            if (!java.nio.file.Files.exists(path)) {
                java.nio.file.Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } else {
                java.nio.file.Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    /** Any JDBC URL hastate has a driver for: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST/DB?user=...}. */
    public static History open(String url) throws SQLException {
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new SQLException("only jdbc:sqlite: and jdbc:postgresql: URLs are supported");
        }
        return new History(DriverManager.getConnection(url));
    }

    @Override
    public synchronized void accept(WatchEvent e) {
        try {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO events (at_ms, kind, pair, host, detail) VALUES (?, ?, ?, ?, ?)")) {
                p.setLong(1, e.at().toEpochMilli());
                p.setString(2, e.kind().name());
                p.setString(3, e.pair());
                p.setString(4, e.host());
                p.setString(5, e.detail());
                p.executeUpdate();
            }
            switch (e.kind()) {
                case OUTAGE -> open("outage", e.pair(), null, e);
                case OUTAGE_OVER -> close("outage", e.pair(), null, e);
                case DRIFT -> { if (e.host() != null) open("drift", e.pair(), e.host(), e); }
                case IN_SYNC -> close("drift", e.pair(), e.host(), e);
                case HEALED, HEAL_FAILED -> heal(e);
                default -> { }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("history: " + ex.getMessage(), ex);
        }
    }

    private void open(String what, String pair, String host, WatchEvent e) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO episodes (what, pair, host, start_ms, end_ms, cause) VALUES (?, ?, ?, ?, NULL, ?)")) {
            p.setString(1, what);
            p.setString(2, pair);
            p.setString(3, host);
            p.setLong(4, e.at().toEpochMilli());
            p.setString(5, e.detail());
            p.executeUpdate();
        }
    }

    /** A heal is an episode that starts and ends when it ran; its cause says what it repaired, or why it failed. */
    private void heal(WatchEvent e) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO episodes (what, pair, host, start_ms, end_ms, cause) VALUES ('heal', ?, ?, ?, ?, ?)")) {
            p.setString(1, e.pair());
            p.setString(2, e.host());
            p.setLong(3, e.at().toEpochMilli());
            p.setLong(4, e.at().toEpochMilli());
            p.setString(5, e.detail());
            p.executeUpdate();
        }
    }

    private void close(String what, String pair, String host, WatchEvent e) throws SQLException {
        String where = host == null ? "pair = ?" : "host = ?";
        try (PreparedStatement p = db.prepareStatement("UPDATE episodes SET end_ms = ? WHERE what = ? AND " + where + " AND end_ms IS NULL")) {
            p.setLong(1, e.at().toEpochMilli());
            p.setString(2, what);
            p.setString(3, host == null ? pair : host);
            p.executeUpdate();
        }
    }

    /**
     * A watch stops: the episodes it has open (outages of {@code pairs}, drift of {@code hosts}) end now,
     * marked {@link #WATCH_STOPPED}: nobody is looking any more. Returns how many.
     */
    public synchronized int watchStopped(java.util.Collection<String> pairs, java.util.Collection<String> hosts, Instant now) throws SQLException {
        int closed = 0;
        for (Open o : open(pairs, hosts)) closed += end(o, now.toEpochMilli(), WATCH_STOPPED);
        return closed;
    }

    /**
     * A watch starts: episodes of its pairs and hosts still open were left by a watch that ended without
     * closing them (killed, crashed). Each ends at the last moment the history heard of anything after it
     * began, marked {@link #END_UNKNOWN}. Returns how many.
     */
    public synchronized int closeLeftOpen(java.util.Collection<String> pairs, java.util.Collection<String> hosts) throws SQLException {
        int closed = 0;
        for (Open o : open(pairs, hosts)) {
            long last = o.start();
            try (PreparedStatement p = db.prepareStatement("SELECT MAX(at_ms) FROM events WHERE at_ms >= ?")) {
                p.setLong(1, o.start());
                try (ResultSet r = p.executeQuery()) {
                    if (r.next() && r.getObject(1) != null) last = Math.max(last, r.getLong(1));
                }
            }
            closed += end(o, last, END_UNKNOWN);
        }
        return closed;
    }

    private record Open(String what, String pair, String host, long start) {}

    private List<Open> open(java.util.Collection<String> pairs, java.util.Collection<String> hosts) throws SQLException {
        List<Open> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT what, pair, host, start_ms FROM episodes WHERE end_ms IS NULL");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                Open o = new Open(r.getString(1), r.getString(2), r.getString(3), r.getLong(4));
                if (o.host() == null ? pairs.contains(o.pair()) : hosts.contains(o.host())) out.add(o);
            }
        }
        return out;
    }

    private int end(Open o, long endMs, String ending) throws SQLException {
        String where = o.host() == null ? "pair = ? AND host IS NULL" : "host = ?";
        try (PreparedStatement p = db.prepareStatement("UPDATE episodes SET end_ms = ?, ending = ? WHERE what = ? AND " + where
                + " AND start_ms = ? AND end_ms IS NULL")) {
            p.setLong(1, endMs);
            p.setString(2, ending);
            p.setString(3, o.what());
            p.setString(4, o.host() == null ? o.pair() : o.host());
            p.setLong(5, o.start());
            return p.executeUpdate();
        }
    }

    /** Outages and drift episodes that started at or after {@code since}, of one pair (null: all), oldest first. */
    public synchronized List<Episode> episodes(Instant since, String pair) throws SQLException {
        String sql = "SELECT what, pair, host, start_ms, end_ms, cause, ending FROM episodes WHERE start_ms >= ?"
                + (pair == null ? "" : " AND pair = ?") + " ORDER BY start_ms, what, host";
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setLong(1, since.toEpochMilli());
            if (pair != null) p.setString(2, pair);
            List<Episode> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long end = r.getLong(5);
                    Instant ended = r.wasNull() ? null : Instant.ofEpochMilli(end);
                    out.add(new Episode(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)), ended, r.getString(6), r.getString(7)));
                }
            }
            return out;
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // Closing: nothing left to lose.
        }
    }
}
