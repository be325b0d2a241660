package io.hastate.cli;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the shell completion script for bash or zsh: 'source <(hastate completion bash)', or save it where the shell loads completions.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the script printed", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        String bash = AutoComplete.bash("hastate", spec.root().commandLine());
        String script = switch (shell) {
            case "bash" -> bash;
            // zsh runs bash completion scripts through its bashcompinit layer.
            case "zsh" -> "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + bash;
            default -> throw new InvalidInputException(Location.COMMAND_LINE, "SHELL", "must be bash or zsh, got '" + shell + "'");
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
