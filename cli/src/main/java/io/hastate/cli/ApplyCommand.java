package io.hastate.cli;

import io.hastate.core.engine.Mode;
import picocli.CommandLine.Command;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Bring hosts to the declared state, verifying each change by checking again.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:applied and verified", "1:a state failed or a host was unreachable", "3:invalid input"})
final class ApplyCommand extends RunCommand {
    @Override
    Mode mode() {
        return Mode.APPLY;
    }
}
