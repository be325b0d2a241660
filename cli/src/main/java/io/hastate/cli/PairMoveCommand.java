package io.hastate.cli;

import io.hastate.api.Project;
import io.hastate.core.engine.Engine;
import io.hastate.core.engine.EngineListener;
import io.hastate.core.engine.HostPlan;
import io.hastate.core.engine.Mode;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.model.StateRef;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.report.RunSummary;
import io.hastate.core.transport.RunConnections;
import io.hastate.core.transport.TransportException;
import io.hastate.ha.handover.Handover;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * What handover, drain and undrain share: the project, connections that hold each host's lock for the
 * whole move, and the node's keepalived configuration applied as its states declare it (the
 * keepalived.config states, what they require and what watches them: the reload).
 */
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

    abstract Handover.Outcome move(Handover handover) throws TransportException;

    /** The nodes whose configuration the move may apply: planned before anything changes, so bad states change nothing. */
    abstract List<String> nodes(Inventory inventory);

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1 || timeoutSeconds > 86_400) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--timeout", "must be between 1 and 86400 seconds");
        }
        Project project = common.project(statesDir);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        EngineListener progress = common.progress(err);
        Map<String, HostPlan> plans = new HashMap<>();
        for (String node : nodes(project.inventory())) plans.put(node, keepalivedPlan(project, node));
        try (RunConnections connections = new RunConnections(common.connector(project.inventory(), Duration.ofSeconds(timeoutSeconds), err, true),
                true, "hastate " + spec.name(), Duration.ZERO)) {
            Handover handover = new Handover(connections, project.inventory(), host -> reconfigure(plans.get(host), connections, progress));
            Handover.Outcome outcome;
            try {
                outcome = move(handover);
            } catch (Handover.Refused e) {
                err.println("hastate: " + e.getMessage());
                err.flush();
                return ExitCodes.FAILED;
            }
            out.printf("%s: %s (%d ms)%n", outcome.pair(), outcome.message(), outcome.millis());
            out.flush();
            return outcome.ok() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private HostPlan keepalivedPlan(Project project, String host) {
        HostPlan plan = project.plan(List.of(host), states, h -> List.of()).get(0);
        Set<StateRef> configs = plan.graph().ordered().stream().map(n -> n.state().ref())
                .filter(r -> r.module().equals("keepalived") && r.function().equals("config")).collect(Collectors.toSet());
        if (configs.isEmpty()) {
            throw new InvalidInputException(Location.COMMAND_LINE, "--states",
                    host + "'s states have no keepalived.config state: the node's priority is set through it (the HA tree has one)");
        }
        return new HostPlan(plan.host(), plan.graph().narrowedTo(configs), plan.secrets(), plan.observations());
    }

    private static boolean reconfigure(HostPlan plan, RunConnections connections, EngineListener progress) {
        RunSummary summary = new RunSummary();
        EngineListener both = event -> {
            summary.on(event);
            progress.on(event);
        };
        new Engine(connections, both, 1).run(List.of(plan), Mode.APPLY);
        return !summary.anyFailed();
    }
}
