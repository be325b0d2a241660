package io.hastate.core.transport;

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

    public static String script(String path, FileAttributes attrs, String backupDir, byte[] content) {
        String p = Shell.quote(path);
        StringBuilder s = new StringBuilder();
        s.append("set -e\n");
        s.append("p=").append(p).append('\n');
        s.append("d=$(dirname -- \"$p\")\n");
        s.append("tmp=$(mktemp \"$d/.hastate.XXXXXXXX\")\n");
        s.append("trap 'rm -f -- \"$tmp\"' EXIT\n");
        s.append("trap 'exit 1' HUP INT TERM PIPE\n");
        s.append("cat > \"$tmp\"\n");
        s.append("[ \"$(wc -c < \"$tmp\")\" -eq ").append(content.length).append(" ] || { echo 'content arrived incomplete' >&2; exit 1; }\n");
        s.append("echo ").append(sha256(content)).append(" \" $tmp\" | sha256sum -c --status || { echo 'content checksum mismatch' >&2; exit 1; }\n");
        s.append("if [ -e \"$p\" ]; then\n");
        s.append("  chmod --reference=\"$p\" \"$tmp\"\n");
        s.append("  chown --reference=\"$p\" \"$tmp\" 2>/dev/null || true\n");
        if (backupDir != null) {
            String b = Shell.quote(backupDir);
            s.append("  b=").append(b).append("\"$p\".$(date +%Y%m%dT%H%M%S.%N)\n");
            s.append("  mkdir -p -- \"$(dirname -- \"$b\")\"\n");
            s.append("  cp -p -- \"$p\" \"$b\"\n");
        }
        s.append("else\n");
        s.append("  chmod 0644 \"$tmp\"\n");
        s.append("fi\n");
        if (attrs.mode() != null) s.append("chmod ").append(Shell.quote(attrs.mode())).append(" \"$tmp\"\n");
        if (attrs.owner() != null || attrs.group() != null) {
            String spec = (attrs.owner() == null ? "" : attrs.owner()) + (attrs.group() == null ? "" : ":" + attrs.group());
            s.append("chown ").append(Shell.quote(spec)).append(" \"$tmp\"\n");
        }
        s.append("mv -f -- \"$tmp\" \"$p\"\n");
        s.append("trap - EXIT\n");
        return s.toString();
    }
}
