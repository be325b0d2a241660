package io.hastate.cli;

import io.hastate.core.text.Nearest;
import io.hastate.core.text.Printable;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to tell a user whose command line did not parse, besides picocli's message: the command or
 * option they probably meant, and where a habit from Ansible or Terraform says what hastate does instead.
 */
final class UsageHints {
    private static final String DRY_RUN = "hastate check is the dry run, and it always shows diffs: run 'hastate check' with the same options";
    private static final Map<String, String> HABITS = Map.of(
            "--check", DRY_RUN,
            "-C", DRY_RUN,
            "--diff", DRY_RUN,
            "-D", DRY_RUN,
            "--dry-run", DRY_RUN,
            "-e", "hastate takes no variables on the command line: put them in the inventory (vars: of all, a group, a pair or a host)",
            "--extra-vars", "hastate takes no variables on the command line: put them in the inventory (vars: of all, a group, a pair or a host)");

    private UsageHints() {}

    /** The hint lines for {@code e}; none when there is nothing to add. */
    static List<String> of(CommandLine.ParameterException e) {
        List<String> out = new ArrayList<>();
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)) return out;
        for (String arg : unmatched.getUnmatched()) {
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String habit = HABITS.get(option);
            if (habit != null && !out.contains(habit)) out.add(habit);
        }
        if (!out.isEmpty() || unmatched.getUnmatched().isEmpty()) return out;
        List<String> near = nearest(unmatched.getUnmatched().get(0), unmatched.getCommandLine().getCommandSpec());
        if (!near.isEmpty()) out.add("did you mean " + String.join(" or ", near) + "?");
        return out;
    }

    /** The commands (or, for an option, the options) of {@code spec} within two edits of {@code word}. */
    static List<String> nearest(String word, CommandLine.Model.CommandSpec spec) {
        String typed = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        List<String> names = new ArrayList<>();
        if (typed.startsWith("-")) spec.options().forEach(o -> names.addAll(List.of(o.names())));
        else names.addAll(spec.subcommands().keySet());
        return Nearest.to(typed, names);
    }

    /**
     * picocli's message, but a word where a command was expected is called an unknown command: "Unmatched
     * arguments from index 0" says nothing to a user who mistyped one.
     */
    static String message(CommandLine.ParameterException e, String[] args) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            CommandLine.Model.CommandSpec spec = unmatched.getCommandLine().getCommandSpec();
            String first = unmatched.getUnmatched().get(0);
            if (spec.parent() == null && !spec.subcommands().isEmpty() && !first.startsWith("-")
                    && args.length > 0 && args[0].equals(first)) {
                return "unknown command '" + Printable.asciiLine(first) + "'";
            }
        }
        return e.getMessage();
    }
}
