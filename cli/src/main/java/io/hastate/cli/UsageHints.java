package io.hastate.cli;

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
        int best = 3;
        List<String> out = new ArrayList<>();
        for (String name : names) {
            int d = distance(typed, name);
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best && !out.contains(name)) out.add(name);
        }
        return out.size() > 3 ? out.subList(0, 3) : out;
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
