package io.hastate.cli;

import io.hastate.core.engine.Mode;
import io.hastate.core.facts.Fact;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Pair;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.report.RunSummary;
import io.hastate.modules.doctor.Evidence;
import io.hastate.modules.doctor.Finding;
import io.hastate.modules.doctor.Rules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Report where hosts differ from the declared state. Reads only; changes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:in sync", "1:a state failed or a host was unreachable", "2:drift found (or, with --doctor, a risk)", "3:invalid input"})
final class CheckCommand extends RunCommand {
    @Option(names = "--doctor", description = "Also evaluate the doctor's risk rules on pair members, read with the states' facts.")
    boolean doctor;

    @Override
    Mode mode() {
        return Mode.CHECK;
    }

    @Override
    List<Fact<?>> extraObservations(Inventory inv, String host) {
        if (!doctor) return List.of();
        return inv.pairOf(host).<List<Fact<?>>>map(p -> List.of(Evidence.fact(p.vrrp().iface()))).orElse(List.of());
    }

    @Override
    int report(Inventory inv, RunSummary summary, int exit, Map<String, Object> jsonSections, List<String> textSection) {
        if (!doctor) return exit;
        List<Finding> findings = new ArrayList<>();
        for (RunSummary.HostSummary h : summary.hosts()) {
            Pair pair = inv.pairOf(h.name()).orElse(null);
            if (pair == null) continue;
            Object evidence = h.observations().get(Evidence.fact(pair.vrrp().iface()).key());
            if (evidence instanceof Evidence e) {
                findings.addAll(Rules.examine(h.name(), Rules.PairView.of(pair.vrrp()), e));
            }
        }
        findings.sort(Finding.ORDER);
        jsonSections.put("findings", findings);
        textSection.add("DOCTOR");
        for (Finding f : findings) textSection.addAll(f.lines("  "));
        if (findings.isEmpty()) textSection.add("  no risk found");
        return exit == ExitCodes.OK && !findings.isEmpty() ? ExitCodes.DRIFT : exit;
    }
}
