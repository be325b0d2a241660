package io.hastate.cli;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.watch.History;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.sql.SQLException;

/** The options that say where watch keeps its history and history reads it: an SQLite file (the default) or a JDBC URL. */
final class HistoryOptions {
    @Option(names = "--db", paramLabel = "FILE", description = "SQLite file of the history (default: hastate-history.db here).")
    Path file;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "A database instead of the file: jdbc:postgresql://HOST/DB?user=U (password from PGPASSWORD), or jdbc:sqlite:FILE.")
    String url;

    History open() {
        Location cli = Location.COMMAND_LINE;
        if (file != null && url != null) throw new InvalidInputException(cli, "--db-url", "give --db or --db-url, not both");
        if (url != null && url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new InvalidInputException(cli, "--db-url", "holds a password, which every user of this machine sees (ps); give it in PGPASSWORD instead");
        }
        try {
            if (url != null) return History.open(withPassword(url));
            return History.file(file != null ? file : Path.of("hastate-history.db"));
        } catch (SQLException e) {
            throw new InvalidInputException(cli, url != null ? "--db-url" : "--db", "cannot open the history: " + e.getMessage());
        }
    }

    /**
     * The history as it is, for reading: a file that is not there is a wrong --db (or a folder other than
     * the watch's), said so, never an empty history made on the spot that reads as "no outage".
     */
    History openExisting() {
        if (url == null) {
            Path path = file != null ? file : Path.of("hastate-history.db");
            if (!java.nio.file.Files.isRegularFile(path)) {
                throw new InvalidInputException(Location.COMMAND_LINE, "--db",
                        "no history at " + path.toAbsolutePath() + " (hastate watch writes it there with the same --db)");
            }
        }
        return open();
    }

    /** A password never goes on the command line: PostgreSQL's own PGPASSWORD supplies it. */
    private static String withPassword(String url) {
        String pw = System.getenv("PGPASSWORD");
        if (pw == null || !url.startsWith("jdbc:postgresql:") || url.contains("password=")) return url;
        // A driver's error may echo the URL: the password is masked wherever hastate prints.
        io.hastate.core.secret.Redactor.OUTPUT.add(pw);
        io.hastate.core.secret.Redactor.OUTPUT.add(java.net.URLEncoder.encode(pw, java.nio.charset.StandardCharsets.UTF_8));
        return url + (url.contains("?") ? "&" : "?") + "password=" + java.net.URLEncoder.encode(pw, java.nio.charset.StandardCharsets.UTF_8);
    }
}
