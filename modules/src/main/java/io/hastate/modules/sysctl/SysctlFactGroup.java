package io.hastate.modules.sysctl;

import io.hastate.core.facts.FactGroup;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads many kernel parameters with one program: {@code grep -H ''} prints every line of every readable
 * /proc/sys file after its name, in the order given. A parameter that the shell finds unreadable is what
 * {@code cat} would have failed on; any read error from grep makes the whole read untrusted (some
 * parameters refuse reads), and those facts are read again alone.
 */
final class SysctlFactGroup implements FactGroup {
    static final SysctlFactGroup INSTANCE = new SysctlFactGroup();
    private static final String SECTION_END = "--";

    private SysctlFactGroup() {}

    @Override
    public String command(List<String> procPaths) {
        return "set --\n"
                + "for p in " + String.join(" ", procPaths.stream().map(Shell::quote).toList())
                + "; do if [ -r \"$p\" ]; then set -- \"$@\" \"$p\"; echo y; else echo n; fi; done\n"
                + "echo " + SECTION_END + "\n"
                + "if [ $# -gt 0 ]; then grep -H '' -- \"$@\"; echo \"$?\"; fi";
    }

    @Override
    public List<CommandResult> split(List<String> procPaths, CommandResult whole) throws UntrustedRead {
        List<String> lines = new ArrayList<>(Arrays.asList(whole.stdoutText().split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
        if (lines.size() < procPaths.size() + 1 || !lines.get(procPaths.size()).equals(SECTION_END)) {
            throw new UntrustedRead("unexpected output");
        }
        List<String> readable = new ArrayList<>();
        for (int i = 0; i < procPaths.size(); i++) {
            if (lines.get(i).equals("y")) readable.add(procPaths.get(i));
        }
        StringBuilder[] values = new StringBuilder[procPaths.size()];
        if (!readable.isEmpty()) {
            String status = lines.get(lines.size() - 1);
            // 0: lines printed, 1: every file was empty; 2: some file could not be read.
            if (!status.equals("0") && !status.equals("1")) throw new UntrustedRead("grep exited " + status);
            int k = 0;
            for (String line : lines.subList(procPaths.size() + 1, lines.size() - 1)) {
                while (k < readable.size() && !line.startsWith(readable.get(k) + ":")) k++;
                if (k == readable.size()) throw new UntrustedRead("a line of no parameter asked for: " + line);
                int index = procPaths.indexOf(readable.get(k));
                if (values[index] == null) values[index] = new StringBuilder();
                values[index].append(line, readable.get(k).length() + 1, line.length()).append('\n');
            }
        }
        List<CommandResult> results = new ArrayList<>(procPaths.size());
        for (int i = 0; i < procPaths.size(); i++) {
            boolean read = readable.contains(procPaths.get(i));
            // What cat prints: the value, or nothing and a failure for a parameter it cannot read.
            results.add(CommandResult.of(read ? 0 : 1, read && values[i] != null ? values[i].toString() : "", ""));
        }
        return results;
    }
}
