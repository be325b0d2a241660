package io.hastate.cli;

import io.hastate.api.StalePlanException;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.report.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import io.hastate.core.secret.RedactingStream;
import io.hastate.core.secret.RedactingWriter;
import io.hastate.core.text.TerminalSafeWriter;
import io.hastate.core.secret.Redactor;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code hastate} command. Exit codes are mapped here and in {@link ExitCodes}, nowhere else. */
@Command(name = "hastate", mixinStandardHelpOptions = true, versionProvider = Main.VersionText.class,
        description = "Keeps keepalived HA pairs in their declared state over SSH, and reports drift.",
        subcommands = {CheckCommand.class, ApplyCommand.class, DoctorCommand.class, WatchCommand.class, HistoryCommand.class, FactsCommand.class, InventoryCommand.class,
                ImportCommand.class, HandoverCommand.class, DrainCommand.class, UndrainCommand.class,
                CompletionCommand.class, ManCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:in sync (check) or applied and verified (apply)", "1:a state failed or a host was unreachable",
                "2:check found drift", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL,
                "5:apply --plan: the plan is stale (a host changed since); nothing was changed", ExitCodeHelp.INTERRUPTED})
public final class Main implements Runnable {
    /** What --version prints: the version the build wrote. */
    static final class VersionText implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hastate " + io.hastate.core.Version.text()};
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: " + String.join(", ", names.subList(0, names.size() - 1))
                + " or " + names.get(names.size() - 1));
    }

    public static void main(String[] args) {
        // Everything printed, diagnostics and stack traces included, is masked by value.
        System.setErr(new PrintStream(new RedactingStream(new FileOutputStream(FileDescriptor.err), Redactor.OUTPUT), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new RedactingStream(new FileOutputStream(FileDescriptor.out), Redactor.OUTPUT), true, StandardCharsets.UTF_8));
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; used by main and by tests. Output is masked by value. */
    public static int execute(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
        return execute(args, rawOut, rawErr, Path.of(""), System.getenv());
    }

    /** As {@link #execute(String[], PrintWriter, PrintWriter)}, with the project file looked for from {@code workingDir} and {@code env}'s HASTATE_* variables. */
    static int execute(String[] args, PrintWriter rawOut, PrintWriter rawErr, Path workingDir, Map<String, String> env) {
        // Masked, then shown without any control sequence a host may have put in its text.
        PrintWriter out = new PrintWriter(new RedactingWriter(new TerminalSafeWriter(rawOut), Redactor.OUTPUT), true);
        PrintWriter err = new PrintWriter(new RedactingWriter(new TerminalSafeWriter(rawErr), Redactor.OUTPUT), true);
        try {
            return run(args, out, err, workingDir, env);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int run(String[] args, PrintWriter out, PrintWriter err, Path workingDir, Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main());
        // Every command's --version says what hastate's does.
        for (CommandLine sub : cli.getSubcommands().values()) sub.getCommandSpec().versionProvider(new VersionText());
        try {
            cli.setDefaultValueProvider(ProjectDefaults.find(cli, workingDir, env));
        } catch (InvalidInputException e) {
            err.println("hastate: error: " + e.getMessage());
            ErrorDocument.printIfAsked(args, out, "invalid_input", e.getMessage(), ExitCodes.INVALID_INPUT);
            return ExitCodes.INVALID_INPUT;
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof InvalidInputException ? ExitCodes.INVALID_INPUT : ExitCodes.INTERNAL_ERROR);
        cli.setParameterExceptionHandler((ex, a) -> {
            // One line, the hint included: scripts read the first line.
            List<String> hints = UsageHints.of(ex);
            err.println("hastate: " + UsageHints.message(ex, args) + (hints.isEmpty() ? "" : "; " + String.join("; ", hints)));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            ErrorDocument.printIfAsked(args, out, "invalid_input", ex.getMessage(), ExitCodes.INVALID_INPUT);
            return ExitCodes.INVALID_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            boolean debug = c.getParseResult() != null && c.getParseResult().hasMatchedOption("--debug");
            if (ex instanceof CancelledException) {
                err.println("hastate: apply cancelled: " + ex.getMessage());
                return ExitCodes.FAILED;
            }
            if (ex instanceof StalePlanException) {
                err.println("hastate: stale plan: " + ex.getMessage());
                ErrorDocument.printIfAsked(args, out, "stale_plan", ex.getMessage(), ExitCodes.STALE_PLAN);
                return ExitCodes.STALE_PLAN;
            }
            if (ex instanceof InvalidInputException) {
                err.println("hastate: error: " + ex.getMessage());
                if (debug) ex.printStackTrace(err);
                ErrorDocument.printIfAsked(args, out, "invalid_input", ex.getMessage(), ExitCodes.INVALID_INPUT);
                return ExitCodes.INVALID_INPUT;
            }
            err.println("hastate: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
            if (debug) ex.printStackTrace(err);
            ErrorDocument.printIfAsked(args, out, "internal_error", String.valueOf(ex), ExitCodes.INTERNAL_ERROR);
            return ExitCodes.INTERNAL_ERROR;
        });
        return cli.execute(args);
    }
}
