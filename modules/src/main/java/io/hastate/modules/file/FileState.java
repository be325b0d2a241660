package io.hastate.modules.file;

/** What is at a path: its kind, mode (4 octal digits), owner, group, and for regular files their content. */
public record FileState(Kind kind, String mode, String owner, String group, byte[] content) {
    public enum Kind { ABSENT, FILE, DIRECTORY, LINK, OTHER }

    public static final FileState ABSENT = new FileState(Kind.ABSENT, null, null, null, null);

    public boolean exists() {
        return kind != Kind.ABSENT;
    }

    /** A regular file's content as UTF-8 text, or null when there is no such file. */
    public String text() {
        return content == null ? null : new String(content, java.nio.charset.StandardCharsets.UTF_8);
    }
}
