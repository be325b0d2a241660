package io.hastate.cli;

import io.hastate.api.PairMoves;
import io.hastate.api.Project;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.report.ExitCodes;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** What handover, drain and undrain share: the options, the move done by {@link PairMoves}, and how its outcome is said. */
abstract class PairMoveCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--states", paramLabel = "DIR", description = "State tree folder (default: the inventory's 'states', else ./states).")
    Path statesDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "Per-command timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Parameters(index = "1..*", paramLabel = "STATE", description = "The states the nodes' keepalived configuration comes from (default: the top file's).")
    List<String> states = List.of();

    abstract PairMoves.Outcome move(PairMoves moves);

    @Override
    public Integer call() {
        if (timeoutSeconds < 1 || timeoutSeconds > 86_400) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--timeout", "must be between 1 and 86400 seconds");
        }
        Project project = common.project(statesDir);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        PairMoves moves = new PairMoves(project, states, common.connector(project.inventory(), Duration.ofSeconds(timeoutSeconds), err, true),
                common.progress(err));
        PairMoves.Outcome outcome = move(moves);
        if (outcome.pair() == null) {
            err.println("hastate: " + outcome.message());
            err.flush();
            return ExitCodes.FAILED;
        }
        out.printf("%s: %s (%d ms)%n", outcome.pair(), outcome.message(), outcome.millis());
        out.flush();
        return outcome.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
