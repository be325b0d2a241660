package io.hastate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** The manual page, made from the commands themselves so that it cannot fall behind them. */
@Command(name = "man", mixinStandardHelpOptions = true,
        description = "Print the manual page (roff): 'hastate man > hastate.1; man ./hastate.1', or install it as man1/hastate.1.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the page printed", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        PrintWriter out = spec.commandLine().getOut();
        CommandSpec top = root.getCommandSpec();
        out.println(".TH HASTATE 1 \"\" \"hastate " + text(io.hastate.core.Version.text()) + "\" \"User Commands\"");
        out.println(".SH NAME");
        out.println("hastate \\- " + text(String.join(" ", top.usageMessage().description())));
        out.println(".SH SYNOPSIS");
        out.println(".B hastate");
        out.println("\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]");
        out.println(".SH COMMANDS");
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            CommandSpec c = sub.getValue().getCommandSpec();
            if (c.usageMessage().hidden()) continue;
            out.println(".SS \"hastate " + text(sub.getKey()) + "\"");
            out.println(text(String.join(" ", c.usageMessage().description())));
            for (PositionalParamSpec p : c.positionalParameters()) {
                if (p.hidden()) continue;
                out.println(".TP");
                out.println("\\fI" + text(p.paramLabel()) + "\\fR");
                out.println(text(String.join(" ", p.description())));
            }
            for (OptionSpec o : c.options()) {
                if (o.hidden()) continue;
                out.println(".TP");
                StringBuilder names = new StringBuilder();
                for (String n : o.names()) names.append(names.length() == 0 ? "" : ", ").append("\\fB").append(text(n)).append("\\fR");
                if (o.arity().max() > 0) names.append("=\\fI").append(text(o.paramLabel())).append("\\fR");
                out.println(names);
                out.println(text(String.join(" ", o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))));
            }
        }
        out.println(".SH EXIT STATUS");
        for (String code : top.usageMessage().exitCodeList().keySet()) {
            out.println(".TP");
            out.println(".B " + text(code.strip()));
            out.println(text(top.usageMessage().exitCodeList().get(code)));
        }
        out.println(".SH FILES");
        out.println(".TP");
        out.println(".I hastate.yaml");
        out.println("Defaults for the options, in the working folder or the nearest parent that has one: each option's long name "
                + "without its dashes, with _ for \\-, such as inventory, states, forks or known_hosts. Paths are relative to the file's folder.");
        out.println(".SH ENVIRONMENT");
        out.println(".TP");
        out.println(".B HASTATE_*");
        out.println("The same settings as hastate.yaml (HASTATE_INVENTORY, HASTATE_KNOWN_HOSTS, ...); they override the file, "
                + "and the command line overrides both.");
        out.flush();
        return 0;
    }

    /** Text safe in roff: backslashes escaped, no line read as a request, dashes as dashes. */
    static String text(String s) {
        String escaped = s.replace("\\", "\\e").replace("-", "\\-").replace("\n", " ");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
