package io.hastate.core.transport;

/** Mode (octal text such as "0644") and owner/group of a written file; null means "leave as is / default". */
public record FileAttributes(String mode, String owner, String group) {
    public static final FileAttributes DEFAULT = new FileAttributes(null, null, null);
}
