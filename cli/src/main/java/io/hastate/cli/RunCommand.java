package io.hastate.cli;

import io.hastate.core.engine.Engine;
import io.hastate.core.facts.Fact;
import io.hastate.core.engine.HostPlan;
import io.hastate.core.engine.Mode;
import io.hastate.core.graph.Planner;
import io.hastate.core.load.StateTree;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.report.JsonReport;
import io.hastate.core.report.PairStatus;
import io.hastate.core.report.RunSummary;
import io.hastate.core.report.TextReport;
import io.hastate.modules.StateModules;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.hastate.core.transport.Connector;
import io.hastate.core.transport.RunConnections;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** What check and apply share: load, compile every host's graph, run, report, exit code. */
abstract class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STATE", arity = "0..*", description = "State names (like ha.vip); default: the top file.")
    List<String> states = List.of();

    @Option(names = "--states", paramLabel = "DIR", description = "State tree folder (default: the inventory's 'states', else ./states).")
    Path statesDir;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10", description = "Hosts handled at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Report format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = {"-v", "--verbose"}, description = "Also list states that are already in sync, with the reason.")
    boolean verbose;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "Per-command timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    abstract Mode mode();

    /** How long a changing run waits for a host another run has locked. */
    Duration waitLock() {
        return Duration.ZERO;
    }

    /** Facts to read along with a host's states, besides the VIPs a check observes; none by default. */
    List<Fact<?>> extraObservations(Inventory inv, String host) {
        return List.of();
    }

    /** Adds to the report after the run (the doctor's findings in check); returns the exit code. */
    int report(Inventory inv, RunSummary summary, int exit, Map<String, Object> jsonSections, List<String> textSection) {
        return exit;
    }

    /** Runs the plans; apply overrides this with the pair-aware rollout. */
    void execute(Inventory inv, List<HostPlan> plans, Connector connector, RunSummary summary) {
        new Engine(connector, summary, forks).run(plans, mode());
    }

    @Override
    public Integer call() {
        Location cli = new Location("command line", 0);
        if (forks < 1 || forks > 1000) throw new InvalidInputException(cli, "--forks", "must be between 1 and 1000");
        if (timeoutSeconds < 1 || timeoutSeconds > 86_400) throw new InvalidInputException(cli, "--timeout", "must be between 1 and 86400 seconds");
        Duration waitLock = waitLock();
        Inventory inv = common.loadInventory();
        List<String> hosts = common.hosts(inv);
        StateTree tree = new StateTree(stateRoot(inv));
        List<HostPlan> plans = new Planner(StateModules.registry()).plan(inv, tree, states, hosts, mode() == Mode.CHECK,
                host -> extraObservations(inv, host));

        RunSummary summary = new RunSummary();
        AtomicBoolean reported = new AtomicBoolean();
        // Ctrl-C (or SIGTERM) during a run: what was done so far is printed before the JVM exits (130).
        Thread onInterrupt = new Thread(() -> {
            if (reported.compareAndSet(false, true)) {
                spec.commandLine().getErr().println("hastate: interrupted; the report shows what was done before");
                spec.commandLine().getErr().flush();
                print(inv, summary, ExitCodes.INTERRUPTED, new LinkedHashMap<>(), new ArrayList<>(), spec.commandLine().getOut());
            }
        }, "hastate-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try (RunConnections connections = new RunConnections(common.connector(inv, Duration.ofSeconds(timeoutSeconds)),
                mode() == Mode.APPLY, owner(), waitLock)) {
            execute(inv, plans, connections, summary);
        } finally {
            // However the run ended, the hook is for an interruption only.
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook reports.
            }
        }
        if (!reported.compareAndSet(false, true)) return ExitCodes.INTERRUPTED;
        List<PairStatus> pairs = PairStatus.of(inv, summary);
        Map<String, Object> jsonSections = new LinkedHashMap<>();
        List<String> textSection = new ArrayList<>();
        int exit = report(inv, summary, ExitCodes.of(summary, pairs), jsonSections, textSection);
        render(summary, pairs, exit, jsonSections, textSection, spec.commandLine().getOut());
        return exit;
    }

    private void print(Inventory inv, RunSummary summary, int exit, Map<String, Object> jsonSections, List<String> textSection, PrintWriter to) {
        render(summary, PairStatus.of(inv, summary), exit, jsonSections, textSection, to);
    }

    private void render(RunSummary summary, List<PairStatus> pairs, int exit, Map<String, Object> jsonSections, List<String> textSection,
                        PrintWriter to) {
        if (format == OutputFormat.json) {
            to.println(new JsonReport().render(summary, pairs, exit, jsonSections));
        } else {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            new TextReport(new PrintStream(buffer, true, StandardCharsets.UTF_8), verbose).print(summary, pairs, exit, textSection);
            to.print(buffer.toString(StandardCharsets.UTF_8));
        }
        to.flush();
    }

    /** Who holds a host's lock, as other runs will be told. */
    private String owner() {
        String who = System.getProperty("user.name");
        String where;
        try {
            where = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            where = "unknown";
        }
        return "hastate " + mode().name().toLowerCase(java.util.Locale.ROOT) + " by " + who + "@" + where + " pid " + ProcessHandle.current().pid();
    }

    private Path stateRoot(Inventory inv) {
        Path root = statesDir != null ? statesDir : inv.statesRoot() != null ? Path.of(inv.statesRoot()) : Path.of("states");
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(new Location("command line", 0), "--states", "state tree folder " + root + " does not exist");
        }
        return root;
    }
}
