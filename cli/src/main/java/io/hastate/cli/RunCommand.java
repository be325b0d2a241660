package io.hastate.cli;

import io.hastate.api.Project;
import io.hastate.api.RunHosts;
import io.hastate.api.Runner;
import io.hastate.core.facts.Fact;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import io.hastate.core.run.EngineListener;
import io.hastate.core.run.Mode;
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
import java.util.concurrent.atomic.AtomicBoolean;

/** What check and apply share: load, plan every host, run, report, exit code. */
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

    @Option(names = "--format", paramLabel = "text|json|junit", defaultValue = "text", description = "Report format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as a self-contained HTML page: pairs first, then hosts and their diffs.")
    Path htmlFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "Per-command timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    abstract Mode mode();

    /** How long a changing run waits for a host another run has locked. */
    Duration waitLock() {
        return Duration.ZERO;
    }

    /** Facts each host reads along with its states and reports at the end. */
    abstract List<Fact<?>> observations(Runner runner, String host);

    abstract RunReport execute(Runner runner, List<HostPlan> plans, RunSummary summary, EngineListener progress);

    /** What the report shows of a run stopped midway. */
    abstract List<ReportSection> partialSections(Runner runner, RunSummary summary);

    @Override
    public Integer call() {
        Location cli = Location.COMMAND_LINE;
        if (forks < 1 || forks > 1000) throw new InvalidInputException(cli, "--forks", "must be between 1 and 1000");
        if (timeoutSeconds < 1 || timeoutSeconds > 86_400) throw new InvalidInputException(cli, "--timeout", "must be between 1 and 86400 seconds");
        Duration waitLock = waitLock();
        HtmlReportFile html = HtmlReportFile.at(htmlFile);
        Project project = common.project(statesDir);
        List<String> hosts = common.hosts(project);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try (RunHosts connections = common.connector(project.inventory(), Duration.ofSeconds(timeoutSeconds), err, mode() == Mode.APPLY)
                .session(mode() == Mode.APPLY, owner(), waitLock)) {
            Runner runner = new Runner(project, connections, forks);
            List<HostPlan> plans = project.plan(hosts, states, host -> observations(runner, host), connections.reading(), forks);
            RunSummary summary = new RunSummary();
            AtomicBoolean reported = new AtomicBoolean();
            // Ctrl-C (or SIGTERM) during a run: what was done so far is printed before the JVM exits (130).
            Thread onInterrupt = new Thread(() -> {
                if (reported.compareAndSet(false, true)) {
                    err.println("hastate: interrupted; the report shows what was done before");
                    err.flush();
                    print(new RunReport(summary, partialSections(runner, summary), ExitCodes.INTERRUPTED), out, html);
                    stopOnHosts(connections);
                }
            }, "hastate-interrupted");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            RunReport report;
            try {
                report = execute(runner, plans, summary, common.progress(err));
            } finally {
                // However the run ended, the hook is for an interruption only.
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException e) {
                    // Already shutting down: the hook reports.
                }
            }
            if (!reported.compareAndSet(false, true)) return ExitCodes.INTERRUPTED;
            print(report, out, html);
            return report.exitCode();
        }
    }

    /**
     * What the interrupted run still has running on its hosts is stopped, and their locks released, as
     * the connections close; a host that does not answer keeps the JVM from exiting for 5 s at most.
     */
    private static void stopOnHosts(RunHosts connections) {
        Thread closing = new Thread(connections::close, "hastate-interrupted-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void print(RunReport report, PrintWriter to, HtmlReportFile html) {
        format.report(common.listInSync(), common.colour()).write(report, to);
        to.flush();
        if (html != null) html.write(report);
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
}
