package io.hastate.cli;

import io.hastate.api.Runner;
import io.hastate.core.engine.EngineListener;
import io.hastate.core.engine.HostPlan;
import io.hastate.core.engine.Mode;
import io.hastate.core.facts.Fact;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Bring hosts to the declared state, verifying each change by checking again.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:applied and verified", "1:a state failed, a host was unreachable, or the rollout stopped", "3:invalid input"})
final class ApplyCommand extends RunCommand {
    @Option(names = "--serial", paramLabel = "N", defaultValue = "10", description = "Pairs changed at once (default: ${DEFAULT-VALUE}).")
    int serial;

    @Option(names = "--max-fail", paramLabel = "N", defaultValue = "1", description = "Stop the rollout after N failed pairs (default: ${DEFAULT-VALUE}).")
    int maxFail;

    @Option(names = "--no-rollout", description = "Apply pair members like any host: both nodes at once, no standby check. Reported.")
    boolean noRollout;

    @Option(names = "--wait-lock", paramLabel = "SECONDS", defaultValue = "0",
            description = "Wait up to this long for a host that another run has locked (default: ${DEFAULT-VALUE}: refuse at once).")
    int waitLockSeconds;

    @Override
    Duration waitLock() {
        if (waitLockSeconds < 0 || waitLockSeconds > 86_400) {
            throw new InvalidInputException(new Location("command line", 0), "--wait-lock", "must be between 0 and 86400 seconds");
        }
        return Duration.ofSeconds(waitLockSeconds);
    }

    @Override
    Mode mode() {
        return Mode.APPLY;
    }

    @Override
    List<Fact<?>> observations(Runner runner, String host) {
        return List.of();
    }

    /** Pairs roll out node by node, the node without the VIP first, verified after each node. */
    @Override
    RunReport execute(Runner runner, List<HostPlan> plans, RunSummary summary, EngineListener progress) {
        if (serial < 1 || maxFail < 1) {
            throw new InvalidInputException(new Location("command line", 0), serial < 1 ? "--serial" : "--max-fail", "must be at least 1");
        }
        return runner.apply(plans, new Runner.ApplyPolicy(!noRollout, serial, maxFail), summary, progress);
    }

    @Override
    List<ReportSection> partialSections(Runner runner, RunSummary summary) {
        return runner.applySections(summary);
    }
}
