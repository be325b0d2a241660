package io.hastate.core.transport;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The shell script that replaces a file safely. The temporary file next to the target is created
 * private (umask 077) and gets its final owner and mode before any content reaches it; the content
 * arrives on stdin after a header line with its SHA-256 and size, so the checksum never shows in a
 * command line, and is checked (a dropped connection ends stdin early, which must never install a
 * truncated file); the old file is backed up privately; only then a rename puts the new file in place.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** Replaces {@code path} on the host {@code transport} runs commands on, by {@link #request}'s script. */
    static void run(Transport transport, String path, byte[] content, FileAttributes attributes) throws TransportException, FileWriteException {
        Request write = request(path, attributes, transport.backups(), content);
        CommandResult r = transport.run(write.script(), write.stdin());
        if (!r.ok()) {
            throw new FileWriteException("writing " + path + " failed: " + r.describe());
        }
    }

    /** The script to run and what to feed it. */
    public record Request(String script, byte[] stdin) {}

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
     * backup's name stamped here, one checksum (the size is read only to explain a mismatch), and a
     * read-write mode given at creation (by umask) rather than by chmod.
     */
    public static Request request(String path, FileAttributes attrs, Backups backups, byte[] content) {
        byte[] header = (sha256(content) + " " + content.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] stdin = new byte[header.length + content.length];
        System.arraycopy(header, 0, stdin, 0, header.length);
        System.arraycopy(content, 0, stdin, header.length, content.length);
        return new Request(script(path, attrs, backups, "IFS=' ' read -r want size\n", "cat > \"$tmp\"\n"), stdin);
    }

    /**
     * The same write with the content in the script itself, produced by {@code printf}, a built-in, so
     * that no program starts to decode or copy it; null when the content cannot travel that way (a NUL
     * byte, or too large). Only for a shell that evaluates the script itself: in a command line the
     * content would show in the host's process list.
     */
    public static Request inline(String path, FileAttributes attrs, Backups backups, byte[] content, int limit) {
        if (content.length > limit) return null;
        StringBuilder printable = new StringBuilder(content.length + 64);
        for (byte b : content) {
            int c = b & 0xff;
            if (c == 0) return null;
            if (c == '\\') printable.append("\\\\");
            else if (c == '\'') printable.append("\\047");
            else if ((c >= 0x20 && c <= 0x7e) || c == '\n' || c == '\t') printable.append((char) c);
            else printable.append("\\0").append(String.format("%03o", c));
            if (printable.length() > 2L * limit) return null;
        }
        String checksum = "want=" + sha256(content) + "; size=" + content.length + "\n";
        return new Request(script(path, attrs, backups, checksum, "printf '%b' '" + printable + "' > \"$tmp\"\n"), null);
    }

    private static String script(String path, FileAttributes attrs, Backups backups, String readChecksum, String writeContent) {
        String p = Shell.quote(path);
        String token = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String created = attrs.mode() != null ? attrs.mode() : "0644";
        // A mode of read and write bits only can be the temporary file's from its creation.
        boolean byUmask = READ_WRITE_ONLY.matcher(created).matches();
        StringBuilder s = new StringBuilder();
        s.append("set -e\n");
        s.append("umask 077\n");
        s.append("p=").append(p).append('\n');
        s.append("d=\"${p%/*}\"; [ -n \"$d\" ] || d=/\n");
        s.append("tmp=\"$d/.hastate.").append(token).append("\"\n");
        s.append(readChecksum);
        if (byUmask) s.append("umask ").append(umaskFor(created)).append('\n');
        s.append("set -C; : > \"$tmp\"; set +C\n");
        if (byUmask) s.append("umask 077\n");
        s.append("trap 'rm -f -- \"$tmp\"' EXIT\n");
        s.append("trap 'exit 1' HUP INT TERM PIPE\n");
        String mode = attrs.mode() == null ? null : Shell.quote(attrs.mode());
        String owner = attrs.owner() == null && attrs.group() == null ? null
                : Shell.quote((attrs.owner() == null ? "" : attrs.owner()) + (attrs.group() == null ? "" : ":" + attrs.group()));
        // Owner and mode first: whoever may read the file later may read it now, nobody else.
        s.append("if [ -e \"$p\" ]; then\n");
        s.append("  :\n");
        if (owner == null) s.append("  chown --reference=\"$p\" \"$tmp\" 2>/dev/null || true\n");
        if (mode == null || !byUmask) s.append("  chmod ").append(mode == null ? "--reference=\"$p\"" : mode).append(" \"$tmp\"\n");
        if (!byUmask) {
            s.append("else\n");
            s.append("  chmod ").append(mode == null ? "0644" : mode).append(" \"$tmp\"\n");
        }
        s.append("fi\n");
        if (owner != null) s.append("chown ").append(owner).append(" \"$tmp\"\n");
        if (owner != null && mode != null) s.append("chmod ").append(mode).append(" \"$tmp\"\n");
        s.append(writeContent);
        s.append("if [ \"$(sha256sum < \"$tmp\")\" != \"$want  -\" ]; then\n");
        s.append("  if [ \"$(wc -c < \"$tmp\")\" -ne \"$size\" ]; then echo 'content arrived incomplete' >&2; else echo 'content checksum mismatch' >&2; fi\n");
        s.append("  exit 1\n");
        s.append("fi\n");
        if (backups != null) {
            s.append("if [ -e \"$p\" ]; then\n");
            s.append(backups.script(path, STAMP.format(LocalDateTime.now())));
            s.append("fi\n");
        }
        s.append("mv -f -- \"$tmp\" \"$p\"\n");
        s.append("trap - EXIT\n");
        return s.toString();
    }

    /** Octal modes whose digits are read and write bits only (0644, 600, 0640...). */
    private static final java.util.regex.Pattern READ_WRITE_ONLY = java.util.regex.Pattern.compile("0?[0246]{3}");

    /** The umask under which a new file (created 0666 by the shell) gets {@code mode}. */
    static String umaskFor(String mode) {
        int m = Integer.parseInt(mode, 8);
        return String.format("%03o", 0777 & ~m);
    }

    /** The stamp that names a backup copy; copies of one file sort by it. */
    public static String stamp() {
        return STAMP.format(LocalDateTime.now());
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSSSSS");
}
