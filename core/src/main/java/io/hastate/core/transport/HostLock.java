package io.hastate.core.transport;

import java.time.Duration;

/**
 * One changing run at a time per host: a flock on a file under /run (or the user's runtime folder),
 * taken by a command that lives as long as hastate keeps it, so the lock goes when the run ends, is
 * stopped, or loses its connection. The lock file says who holds it and since when.
 */
public final class HostLock {
    private HostLock() {}

    /** The host is locked by another run; the message says by whom and since when. */
    public static final class LockedException extends CommandLimitException {
        LockedException(String message) {
            super(message);
        }
    }

    /**
     * Takes the host's lock, waiting up to {@code wait} (zero: not at all), and holds it until closed.
     * A lock already held by the same run ({@code run}), which reaches one machine as two inventory
     * hosts (two users, say), is shared: the first connection keeps it for the run.
     */
    public static Transport.Held acquire(Transport transport, String owner, String run, Duration wait) throws TransportException {
        Transport.Held held = transport.hold(script(owner, run, wait), wait.plusSeconds(30));
        String line = held.firstLine();
        if (line.equals("locked")) return held;
        held.close();
        if (line.startsWith("busy ")) {
            String holder = line.substring(5).strip();
            throw new LockedException("locked by " + (holder.isEmpty() ? "another run" : holder)
                    + (wait.isZero() ? "; wait for it with --wait-lock SECONDS" : "; still locked after waiting " + wait.toSeconds() + " s"));
        }
        throw new TransportException("cannot take the host's lock: " + line.replaceFirst("^error ", ""));
    }

    static String script(String owner, String run, Duration wait) {
        String safeOwner = owner.replaceAll("[^\\p{Print}]", "?") + " (run " + run.replaceAll("[^A-Za-z0-9-]", "") + ")";
        String mine = Shell.quote("(run " + run.replaceAll("[^A-Za-z0-9-]", "") + ")");
        return "umask 077\n"
                + "if [ -w /run ]; then f=/run/hastate.lock; else f=\"${XDG_RUNTIME_DIR:-/tmp}/hastate-$(id -u).lock\"; fi\n"
                + "command -v flock >/dev/null 2>&1 || { echo 'error flock is not installed (util-linux)'; exit 0; }\n"
                + "exec 9>>\"$f\" || { echo \"error cannot open $f\"; exit 0; }\n"
                + "got=\n"
                + "if flock " + (wait.isZero() ? "-n" : "-w " + wait.toSeconds()) + " 9; then got=1; else\n"
                // The holder may be this very run, still writing its name, or a run whose end the host is
                // still tidying up: look again for two seconds.
                + "  i=0; while [ $i -lt 20 ]; do\n"
                + "    if grep -qF -- " + mine + " \"$f\"; then echo locked; exec cat >/dev/null; fi\n"
                + "    if flock -n 9; then got=1; break; fi\n"
                + "    sleep 0.1; i=$((i + 1))\n"
                + "  done\n"
                + "fi\n"
                + "if [ -z \"$got\" ]; then echo \"busy $(head -c 300 \"$f\" | tr -cd '[:print:]')\"; exit 0; fi\n"
                + "printf '%s since %s\\n' " + Shell.quote(safeOwner) + " \"$(date -u +%FT%TZ)\" > \"$f\"\n"
                + "echo locked\n"
                // Holds fd 9, so the lock, until hastate ends its input.
                + "exec cat >/dev/null\n";
    }
}
