package io.hastate.cli;

import io.hastate.core.engine.Mode;
import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Report where hosts differ from the declared state. Reads only; changes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:in sync", "1:a state failed or a host was unreachable", "2:drift found", "3:invalid input"})
final class CheckCommand extends RunCommand {
    @Override
    Mode mode() {
        return Mode.CHECK;
    }
}
