package io.hastate.cli;

import io.hastate.api.Project;
import io.hastate.api.RunHosts;
import io.hastate.api.Runner;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import io.hastate.core.run.EngineListener;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** What doctor and facts share: hosts only read, through the same engine and report as check. */
abstract class ReadCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "text|json|junit", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as a self-contained HTML page: pairs first, then hosts and their diffs.")
    Path htmlFile;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10", description = "Hosts read at once (default: ${DEFAULT-VALUE}).")
    int forks;

    abstract RunReport read(Runner runner, List<String> hosts, RunSummary summary, EngineListener progress);

    @Override
    public Integer call() {
        if (forks < 1 || forks > 1000) {
            throw new io.hastate.core.model.InvalidInputException(io.hastate.core.model.Location.COMMAND_LINE, "--forks",
                    "must be between 1 and 1000");
        }
        HtmlReportFile html = HtmlReportFile.at(htmlFile);
        Project project = common.project(null);
        PrintWriter err = spec.commandLine().getErr();
        RunReport report;
        try (RunHosts connections = common.connector(project.inventory(), Duration.ofSeconds(60), err)
                .session(false, "hastate read", Duration.ZERO)) {
            report = read(new Runner(project, connections, forks), common.hosts(project), new RunSummary(spec.name()), common.progress(err));
        }
        PrintWriter out = spec.commandLine().getOut();
        format.report(common.listInSync(), common.colour()).write(report, out);
        out.flush();
        if (html != null) html.write(report);
        return report.exitCode();
    }
}
