package io.hastate.cli;

import io.hastate.api.Runner;
import io.hastate.core.run.EngineListener;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.Mode;
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
        exitCodeList = {"0:applied and verified", "1:a state failed, a host was unreachable, the rollout stopped, or the apply was cancelled",
                "2:a pair nobody serves (keepalived runs on neither node), or no state assigned to the hosts selected", ExitCodeHelp.INVALID, "5:--plan: the plan is stale (a host changed since check --out); nothing was changed", ExitCodeHelp.INTERNAL, ExitCodeHelp.INTERRUPTED})
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

    @Option(names = "--plan", paramLabel = "PLAN", description = "Apply exactly this plan (made by 'check --out'): its hosts, its states; "
            + "refused (exit 5), before anything changes, when a host changed since.")
    java.nio.file.Path planFile;

    @Option(names = "--confirm", description = "Show what would change and ask on the terminal before changing anything (no terminal: refused).")
    boolean confirm;

    private io.hastate.api.SavedPlan saved;

    /** With a plan, its hosts and states are the run's; naming others as well is bad input. */
    @Override
    public Integer call() {
        if (planFile != null) {
            saved = io.hastate.api.SavedPlan.read(planFile);
            Location cli = Location.COMMAND_LINE;
            if (!states.isEmpty() && !states.equals(saved.states())) {
                throw new InvalidInputException(cli, "STATE", "the plan names its states (" + String.join(", ", saved.states()) + "); give none");
            }
            if (common.selection.limit != null) throw new InvalidInputException(cli, "--limit", "the plan names its hosts; give no --limit");
            states = saved.states();
            common.selection.limit = String.join(",", saved.hosts().stream().map(io.hastate.api.SavedPlan.HostEntry::name).toList());
        }
        return super.call();
    }

    @Override
    Duration waitLock() {
        if (waitLockSeconds < 0 || waitLockSeconds > 86_400) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--wait-lock", "must be between 0 and 86400 seconds");
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
            throw new InvalidInputException(Location.COMMAND_LINE, serial < 1 ? "--serial" : "--max-fail", "must be at least 1");
        }
        // Read again under this run's locks: what is applied is what was reviewed, or nothing.
        if (saved != null) plans = saved.recheck(runner, plans, planFile.toString());
        if (confirm && !confirmed(runner, plans)) throw new CancelledException("nothing was changed");
        return runner.apply(plans, new Runner.ApplyPolicy(!noRollout, serial, maxFail), summary, progress);
    }

    /** What would change, shown on stderr, then the terminal's answer: only "y" or "yes" goes on. */
    private boolean confirmed(Runner runner, List<HostPlan> plans) {
        java.io.Console console = System.console();
        if (console == null) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--confirm",
                    "asks on a terminal and there is none; review with 'check --out PLAN' and apply it with '--plan PLAN' instead");
        }
        RunSummary preview = new RunSummary();
        RunReport would = runner.check(plans, false, preview, e -> {});
        java.io.PrintWriter err = spec.commandLine().getErr();
        new io.hastate.core.report.TextReport(false).write(would, err);
        err.flush();
        String answer = console.readLine("Apply these changes to %d host(s)? [y/N] ", plans.size());
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }

    @Override
    List<ReportSection> partialSections(Runner runner, RunSummary summary) {
        return runner.applySections(summary);
    }
}
