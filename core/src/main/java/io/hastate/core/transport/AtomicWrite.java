package io.hastate.core.transport;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The shell script that replaces a file safely: the content arrives on stdin into a temporary file
 * next to the target and is checked against the expected size and SHA-256 (a dropped connection
 * ends stdin early, which must never install a truncated file), gets its mode and owner, the old
 * file is copied to the backup directory, and only then a rename puts the new file in place.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every process the script starts costs the host CPU on each write of each host, so it uses the
     * shell's own expansions where it can: a temporary name chosen here and created exclusively, the
     * backup's name stamped here, one checksum (the size is read only to explain a mismatch).
     */
    public static String script(String path, FileAttributes attrs, String backupDir, byte[] content) {
        String p = Shell.quote(path);
        String token = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        StringBuilder s = new StringBuilder();
        s.append("set -e\n");
        s.append("p=").append(p).append('\n');
        s.append("d=\"${p%/*}\"; [ -n \"$d\" ] || d=/\n");
        s.append("tmp=\"$d/.hastate.").append(token).append("\"\n");
        s.append("set -C; : > \"$tmp\"; set +C\n");
        s.append("trap 'rm -f -- \"$tmp\"' EXIT\n");
        s.append("trap 'exit 1' HUP INT TERM PIPE\n");
        s.append("cat > \"$tmp\"\n");
        s.append("if [ \"$(sha256sum < \"$tmp\")\" != '").append(sha256(content)).append("  -' ]; then\n");
        s.append("  if [ \"$(wc -c < \"$tmp\")\" -ne ").append(content.length)
                .append(" ]; then echo 'content arrived incomplete' >&2; else echo 'content checksum mismatch' >&2; fi\n");
        s.append("  exit 1\n");
        s.append("fi\n");
        String mode = attrs.mode() == null ? null : Shell.quote(attrs.mode());
        String owner = attrs.owner() == null && attrs.group() == null ? null
                : Shell.quote((attrs.owner() == null ? "" : attrs.owner()) + (attrs.group() == null ? "" : ":" + attrs.group()));
        s.append("if [ -e \"$p\" ]; then\n");
        s.append("  chmod ").append(mode == null ? "--reference=\"$p\"" : mode).append(" \"$tmp\"\n");
        if (owner == null) s.append("  chown --reference=\"$p\" \"$tmp\" 2>/dev/null || true\n");
        if (backupDir != null) {
            int slash = path.lastIndexOf('/');
            String b = Shell.quote(backupDir + path.substring(0, Math.max(slash, 0)));
            String name = Shell.quote(path.substring(slash + 1) + "." + STAMP.format(LocalDateTime.now()));
            s.append("  b=").append(b).append('\n');
            s.append("  [ -d \"$b\" ] || mkdir -p -- \"$b\"\n");
            s.append("  cp -p -- \"$p\" \"$b\"/").append(name).append('\n');
        }
        s.append("else\n");
        s.append("  chmod ").append(mode == null ? "0644" : mode).append(" \"$tmp\"\n");
        s.append("fi\n");
        if (owner != null) s.append("chown ").append(owner).append(" \"$tmp\"\n");
        s.append("mv -f -- \"$tmp\" \"$p\"\n");
        s.append("trap - EXIT\n");
        return s.toString();
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSSSSS");
}
