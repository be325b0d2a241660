package io.hastate.cli;

import io.hastate.api.Runner;
import io.hastate.core.run.EngineListener;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "facts", mixinStandardHelpOptions = true,
        description = "Show what hastate reads from each host (OS, systemd, networkd, renderer, keepalived, addresses).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:facts read from every host", "1:a host was unreachable", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class FactsCommand extends ReadCommand {
    @Override
    RunReport read(Runner runner, List<String> hosts, RunSummary summary, EngineListener progress) {
        return runner.facts(hosts, summary, progress);
    }
}
