package io.hastate.cli;

import io.hastate.api.Runner;
import io.hastate.core.run.EngineListener;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.run.Mode;
import io.hastate.core.facts.Fact;
import io.hastate.core.report.ReportSection;
import io.hastate.core.report.RunReport;
import io.hastate.core.report.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Report where hosts differ from the declared state. Reads only; changes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:in sync", "1:a state failed or a host was unreachable", "2:drift found (or, with --doctor, a risk; or no state assigned to the hosts selected)", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL, ExitCodeHelp.INTERRUPTED})
final class CheckCommand extends RunCommand {
    @Option(names = "--doctor", description = "Also evaluate the doctor's risk rules on pair members, read with the states' facts.")
    boolean doctor;

    @Override
    Mode mode() {
        return Mode.CHECK;
    }

    @Override
    List<Fact<?>> observations(Runner runner, String host) {
        return runner.checkObservations(host, doctor);
    }

    @Option(names = "--out", paramLabel = "PLAN", description = "Save what would change, per host and in order, with fingerprints of what was read "
            + "and of what the states were planned from, for 'apply --plan PLAN'.")
    java.nio.file.Path out;

    @Override
    RunReport execute(Runner runner, List<HostPlan> plans, RunSummary summary, EngineListener progress) {
        RunReport report = runner.check(plans, doctor, summary, progress);
        if (out != null) io.hastate.api.SavedPlan.of(runner.project().inventory(), states, plans, summary).write(out);
        return report;
    }

    @Override
    List<ReportSection> partialSections(Runner runner, RunSummary summary) {
        return runner.checkSections(summary, doctor);
    }
}
