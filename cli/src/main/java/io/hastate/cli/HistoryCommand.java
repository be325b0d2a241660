package io.hastate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.report.ExitCodes;
import io.hastate.watch.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List the outages and drift episodes hastate watch recorded: start, end, duration and cause.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    HistoryOptions store;

    @Spec
    CommandSpec spec;

    @Option(names = "--pair", paramLabel = "PAIR", description = "Only this pair's outages and its members' drift.")
    String pair;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h", description = "How far back, like 1h or 7d (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    ListingFormat format;

    @Override
    public Integer call() throws Exception {
        Instant from = Instant.now().minus(Durations.parse(since, "--since"));
        List<History.Episode> episodes;
        try (History h = store.openExisting()) {
            episodes = h.episodes(from, pair);
        } catch (SQLException e) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--db", "cannot read the history: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == ListingFormat.json) {
            List<Object> docs = new ArrayList<>();
            for (History.Episode e : episodes) docs.add(e.json());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("episodes", docs)));
        } else {
            for (History.Episode e : episodes) {
                out.printf("%-7s %-12s %-10s %s  %s  %s  %s%n", e.what(), e.pair() == null ? "-" : e.pair(), e.host() == null ? "-" : e.host(),
                        e.start(), e.end() == null ? "(going on)" : e.end() + (e.ending() == null ? "" : " (" + e.ending() + ")"),
                        e.duration() == null ? "" : e.duration().toMillis() + " ms", e.cause());
            }
            out.println(episodes.size() + " episode(s) since " + from);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
