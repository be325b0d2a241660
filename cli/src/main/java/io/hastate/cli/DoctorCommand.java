package io.hastate.cli;

import io.hastate.api.Runner;
import io.hastate.core.run.EngineListener;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Read every pair member's network and keepalived facts and name the risks that make a VIP disappear. Changes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no risk found", "1:a host was unreachable (a pair member not examined)", "2:risks found", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class DoctorCommand extends ReadCommand {
    @Override
    RunReport read(Runner runner, List<String> hosts, RunSummary summary, EngineListener progress) {
        return runner.doctor(hosts, summary, progress);
    }
}
