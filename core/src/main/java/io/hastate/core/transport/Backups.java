package io.hastate.core.transport;

/**
 * Where replaced and removed files are copied first, and how many copies of each file are kept.
 * Copies are private (0600 in 0700 folders): the file they replace may hold a secret.
 */
public record Backups(String dir, int keep) {
    public static final String DEFAULT_DIR = "/var/backups/hastate";
    public static final int DEFAULT_KEEP = 10;
    public static final Backups DEFAULT = new Backups(DEFAULT_DIR, DEFAULT_KEEP);

    private static final String STAMP_GLOB = "[0-9]".repeat(8) + "T" + "[0-9]".repeat(6) + ".[0-9]*";

    /** The settings a host's variables ask for: {@code hastate_backup_dir}, {@code hastate_backup_keep}. */
    public static Backups of(java.util.Map<String, Object> vars) {
        Object dir = vars.get("hastate_backup_dir");
        Object keep = vars.get("hastate_backup_keep");
        int n;
        if (keep == null) {
            n = DEFAULT_KEEP;
        } else if (keep instanceof Integer i) {
            n = i;
        } else if (keep instanceof Long l && l <= Integer.MAX_VALUE && l >= Integer.MIN_VALUE) {
            n = l.intValue();
        } else {
            throw new IllegalArgumentException("hastate_backup_keep must be a whole number, got '" + keep + "'");
        }
        if (dir != null && !(dir instanceof String)) throw new IllegalArgumentException("hastate_backup_dir must be a path");
        return new Backups(dir == null ? DEFAULT_DIR : (String) dir, n);
    }

    public Backups {
        String problem = problem(dir, keep);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /** Why these settings cannot be used, or null. */
    public static String problem(String dir, int keep) {
        if (dir == null || dir.isBlank()) return "hastate_backup_dir must not be empty";
        if (!dir.startsWith("/")) return "hastate_backup_dir must be an absolute path, got '" + dir + "'";
        for (String part : dir.split("/")) {
            if (part.equals("..") || part.equals(".")) return "hastate_backup_dir must not contain '.' or '..', got '" + dir + "'";
        }
        if (dir.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) return "hastate_backup_dir must not contain control characters";
        if (dir.replaceAll("/+", "/").equals("/")) return "hastate_backup_dir must not be /";
        if (keep < 1 || keep > 1000) return "hastate_backup_keep must be between 1 and 1000, got " + keep;
        return null;
    }

    /**
     * Shell lines (run under umask 077) that copy what the shell variable {@code $p} names ({@code path}: a file or a tree)
     * to a private, time-stamped copy, and drop the oldest copies beyond {@link #keep}.
     */
    public String script(String path, String stamp) {
        int slash = path.lastIndexOf('/');
        String folder = Shell.quote(dir.replaceAll("/+$", "") + path.substring(0, Math.max(slash, 0)));
        String name = path.substring(slash + 1);
        StringBuilder s = new StringBuilder();
        s.append("b=").append(folder).append('\n');
        s.append("[ -d \"$b\" ] || mkdir -p -- \"$b\"\n");
        s.append("chmod 700 -- \"$b\"\n");
        s.append("c=\"$b\"/").append(Shell.quote(name + "." + stamp)).append('\n');
        s.append("cp -a -- \"$p\" \"$c\"\n");
        // A symlink's target is not ours to change; inside a tree chmod leaves symlinks alone.
        s.append("[ -L \"$c\" ] || chmod -R go= -- \"$c\"\n");
        // Copies sort by their stamp: the first ones listed are the oldest.
        s.append("set -- \"$b\"/").append(Shell.quote(name)).append(".").append(STAMP_GLOB).append('\n');
        s.append("while [ $# -gt ").append(keep).append(" ]; do rm -rf -- \"$1\"; shift; done\n");
        return s.toString();
    }
}
