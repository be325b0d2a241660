package io.hastate.modules.file;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.Scope;
import io.hastate.core.transport.Shell;

import java.util.Base64;

/**
 * Facts about paths. {@link #stat} reads kind, mode and owner; {@link #withContent} also reads a regular
 * file's content, base64-encoded so any byte survives the trip. Many paths of one batch are read
 * together by {@link PathFactGroup}.
 */
public final class FileFacts {
    private FileFacts() {}

    public static Fact<FileState> stat(String path) {
        return new Fact<>("stat:" + path, command(path, false), FileFacts::parse, Scope.path(path),
                new Fact.Joint(PathFactGroup.INSTANCE, PathFactGroup.statSubject(path)));
    }

    public static Fact<FileState> withContent(String path) {
        return new Fact<>("file:" + path, command(path, true), FileFacts::parse, Scope.path(path),
                new Fact.Joint(PathFactGroup.INSTANCE, PathFactGroup.contentSubject(path)));
    }

    private static String command(String path, boolean content) {
        String p = Shell.quote(path);
        return "p=" + p + "; "
                + "if [ -L \"$p\" ]; then echo link; stat -c '%a %U %G' -- \"$p\"; "
                + "elif [ -d \"$p\" ]; then echo directory; stat -c '%a %U %G' -- \"$p\"; "
                + "elif [ -f \"$p\" ]; then echo file; stat -c '%a %U %G' -- \"$p\"; "
                + (content ? "base64 -w0 -- \"$p\"; echo; " : "")
                + "elif [ -e \"$p\" ]; then echo other; stat -c '%a %U %G' -- \"$p\"; "
                + "else echo absent; fi";
    }

    /** Parses the output above; anything unexpected (a failed stat) is an error, not a silent default. */
    static FileState parse(String stdout, int exitCode) {
        String[] lines = stdout.split("\n", -1);
        String kind = lines[0].trim();
        if (kind.equals("absent")) return FileState.ABSENT;
        if (lines.length < 2 || !lines[1].trim().matches("[0-7]{3,4} \\S+ \\S+")) {
            throw new IllegalStateException("cannot read file state (exit " + exitCode + "): " + stdout.strip());
        }
        String[] st = lines[1].trim().split(" ");
        String mode = "0".repeat(Math.max(0, 4 - st[0].length())) + st[0];
        byte[] content = null;
        if (kind.equals("file") && lines.length > 2 && !lines[2].isEmpty()) {
            content = Base64.getDecoder().decode(lines[2].trim());
        } else if (kind.equals("file") && lines.length > 2) {
            content = new byte[0];
        }
        FileState.Kind k = switch (kind) {
            case "file" -> FileState.Kind.FILE;
            case "directory" -> FileState.Kind.DIRECTORY;
            case "link" -> FileState.Kind.LINK;
            default -> FileState.Kind.OTHER;
        };
        return new FileState(k, mode, st[1], st[2], content);
    }
}
