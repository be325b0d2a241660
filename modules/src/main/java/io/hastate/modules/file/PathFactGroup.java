package io.hastate.modules.file;

import io.hastate.core.facts.FactGroup;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@link FileFacts} of many paths with three programs in all: one {@code stat} for every path
 * that exists, one {@code cat} of every regular file whose content is asked for, and one {@code base64}.
 * Each file's content is cut back out of the concatenation by the size stat gave; a file that changed
 * between the two makes the read untrusted, and its facts are read again alone.
 */
final class PathFactGroup implements FactGroup {
    static final PathFactGroup INSTANCE = new PathFactGroup();
    private static final String STAT_ONLY = "stat ";
    private static final String WITH_CONTENT = "file ";
    private static final String SECTION_END = "--";

    private PathFactGroup() {}

    static String statSubject(String path) {
        return STAT_ONLY + path;
    }

    static String contentSubject(String path) {
        return WITH_CONTENT + path;
    }

    private static String pathOf(String subject) {
        return subject.substring(subject.indexOf(' ') + 1);
    }

    /** Every path once, in order; and those of them whose content some fact asks for. */
    private record Paths(List<String> all, List<String> withContent) {
        static Paths of(List<String> subjects) {
            Set<String> all = new LinkedHashSet<>();
            Set<String> content = new LinkedHashSet<>();
            for (String s : subjects) {
                all.add(pathOf(s));
                if (s.startsWith(WITH_CONTENT)) content.add(pathOf(s));
            }
            return new Paths(List.copyOf(all), List.copyOf(content));
        }
    }

    @Override
    public String command(List<String> subjects) {
        Paths paths = Paths.of(subjects);
        // Shell built-ins pick the paths; only stat, cat and base64 are programs.
        return "set --\n"
                + "for p in " + quoted(paths.all()) + "; do if [ -e \"$p\" ] || [ -L \"$p\" ]; then set -- \"$@\" \"$p\"; echo y; else echo n; fi; done\n"
                + "[ $# -gt 0 ] && stat -c '%a %U %G %s %F' -- \"$@\"\n"
                + "echo " + SECTION_END + "\n"
                + "set --\n"
                + (paths.withContent().isEmpty() ? ""
                    : "for p in " + quoted(paths.withContent()) + "; do if [ -f \"$p\" ] && [ ! -L \"$p\" ]; then set -- \"$@\" \"$p\"; echo y; else echo n; fi; done\n")
                + "[ $# -gt 0 ] && cat -- \"$@\" | base64 -w0\n"
                + "echo";
    }

    private static String quoted(List<String> paths) {
        return String.join(" ", paths.stream().map(Shell::quote).toList());
    }

    /** What stat said of one path. */
    private record Stat(String mode, String owner, String group, long size, String type) {
        static Stat parse(String line) throws UntrustedRead {
            String[] f = line.split(" ", 5);
            if (f.length < 5 || !f[0].matches("[0-7]{3,4}") || !f[3].matches("\\d+")) throw new UntrustedRead("stat printed: " + line);
            return new Stat(f[0], f[1], f[2], Long.parseLong(f[3]), f[4]);
        }

        /** The kind line of {@link FileFacts}' own command, which tests -L first, then -d, then -f. */
        String kind() {
            return switch (type) {
                case "symbolic link" -> "link";
                case "directory" -> "directory";
                case "regular file", "regular empty file" -> "file";
                default -> "other";
            };
        }
    }

    @Override
    public List<CommandResult> split(List<String> subjects, CommandResult whole) throws UntrustedRead {
        Paths paths = Paths.of(subjects);
        List<String> lines = Arrays.asList(whole.stdoutText().split("\n", -1));
        int at = 0;
        List<String> present = new ArrayList<>();
        for (String p : paths.all()) {
            String flag = line(lines, at++);
            if (flag.equals("y")) present.add(p);
            else if (!flag.equals("n")) throw new UntrustedRead("unexpected line: " + flag);
        }
        java.util.Map<String, Stat> stats = new java.util.HashMap<>();
        for (String p : present) {
            String l = line(lines, at++);
            if (l.equals(SECTION_END)) throw new UntrustedRead(p + " went away before stat");
            stats.put(p, Stat.parse(l));
        }
        if (!line(lines, at++).equals(SECTION_END)) throw new UntrustedRead("stat printed more lines than paths");
        java.util.Map<String, byte[]> contents = new java.util.HashMap<>();
        List<String> read = new ArrayList<>();
        for (String p : paths.withContent()) {
            if (line(lines, at++).equals("y")) read.add(p);
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(line(lines, at).trim());
        } catch (IllegalArgumentException e) {
            throw new UntrustedRead("content is not base64");
        }
        int offset = 0;
        for (String p : read) {
            Stat s = stats.get(p);
            if (s == null || !s.kind().equals("file") || offset + s.size() > all.length) throw new UntrustedRead(p + " changed while read");
            contents.put(p, Arrays.copyOfRange(all, offset, offset + (int) s.size()));
            offset += (int) s.size();
        }
        if (offset != all.length) throw new UntrustedRead("a file changed while read");
        List<CommandResult> results = new ArrayList<>(subjects.size());
        for (String subject : subjects) {
            results.add(CommandResult.of(0, ownOutput(stats.get(pathOf(subject)), subject.startsWith(WITH_CONTENT), contents.get(pathOf(subject))), ""));
        }
        return results;
    }

    private static String line(List<String> lines, int i) throws UntrustedRead {
        if (i >= lines.size()) throw new UntrustedRead("output ended early");
        return lines.get(i);
    }

    /** Exactly what {@link FileFacts}' command for one path prints. */
    private static String ownOutput(Stat stat, boolean withContent, byte[] content) throws UntrustedRead {
        if (stat == null) return "absent\n";
        String head = stat.kind() + "\n" + stat.mode() + " " + stat.owner() + " " + stat.group() + "\n";
        if (!withContent || !stat.kind().equals("file")) return head;
        if (content == null) throw new UntrustedRead("a regular file's content was not read");
        return head + Base64.getEncoder().encodeToString(content) + "\n";
    }
}
