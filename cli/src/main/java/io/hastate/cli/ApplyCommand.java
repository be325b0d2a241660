package io.hastate.cli;

import io.hastate.core.engine.Mode;
import io.hastate.core.engine.HostPlan;
import io.hastate.core.engine.Engine;
import io.hastate.core.engine.EngineEvent;
import io.hastate.core.engine.Rollout;
import io.hastate.core.model.Pair;
import io.hastate.core.model.PairNode;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.report.RunSummary;
import io.hastate.core.transport.Connector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** Pairs roll out node by node, the node without the VIP first, verified after each node. */
    @Override
    void execute(Inventory inv, List<HostPlan> plans, Connector connector, RunSummary summary) {
        if (serial < 1 || maxFail < 1) {
            throw new InvalidInputException(new Location("command line", 0), serial < 1 ? "--serial" : "--max-fail", "must be at least 1");
        }
        if (noRollout) {
            Set<String> inRun = plans.stream().map(p -> p.host().name()).collect(Collectors.toSet());
            for (Pair pair : inv.pairs().values()) {
                List<String> members = pair.nodes().stream().map(PairNode::host).filter(inRun::contains).toList();
                if (!members.isEmpty()) summary.on(new EngineEvent.RolloutStep(pair.name(), "rollout off (--no-rollout): "
                        + String.join(" and ", members) + " applied without a standby check", false));
            }
            new Engine(connector, summary, forks).run(plans, mode());
            return;
        }
        new Rollout(connector, summary, forks, serial, maxFail).run(inv, plans);
    }
}
