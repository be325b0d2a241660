package io.hastate.core.transport;

import java.time.Duration;

/**
 * One changing run at a time per host: a flock on a file under /run (or the user's runtime folder),
 * held by the connection's shell for as long as hastate keeps it ({@link Transport#holdLock}), so the
 * lock goes when the run ends, is stopped, or loses its connection. The lock file says who holds it and
 * since when.
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
        Transport.Held held = transport.holdLock(script(owner, run, wait), wait.plusSeconds(30));
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

    /**
     * Prints one line and, having taken the lock, keeps it on descriptor 9. It may run in a shell that
     * goes on running other commands: it never exits, changes no other descriptor, leaves the umask as
     * it found it, and its variables are unset at the end.
     */
    static String script(String owner, String run, Duration wait) {
        String safeOwner = owner.replaceAll("[^\\p{Print}]", "?") + " (run " + run.replaceAll("[^A-Za-z0-9-]", "") + ")";
        String mine = Shell.quote("(run " + run.replaceAll("[^A-Za-z0-9-]", "") + ")");
        return "hastate_umask=$(umask); umask 077\n"
                + "if [ -w /run ]; then hastate_lock=/run/hastate.lock; else hastate_lock=\"${XDG_RUNTIME_DIR:-/tmp}/hastate-$(id -u).lock\"; fi\n"
                + "hastate_got=\n"
                + "if ! command -v flock >/dev/null 2>&1; then hastate_got='error flock is not installed (util-linux)'\n"
                // "command": a file that cannot be opened fails the redirection without ending the shell.
                + "elif ! command exec 9>>\"$hastate_lock\"; then hastate_got=\"error cannot open $hastate_lock\"\n"
                + "elif flock " + (wait.isZero() ? "-n" : "-w " + wait.toSeconds()) + " 9; then hastate_got=mine\n"
                + "else\n"
                // The holder may be this very run, still writing its name, or a run whose end the host is
                // still tidying up: look again for two seconds.
                + "  hastate_i=0\n"
                + "  while [ -z \"$hastate_got\" ] && [ $hastate_i -lt 20 ]; do\n"
                + "    if grep -qF -- " + mine + " \"$hastate_lock\"; then hastate_got=shared\n"
                + "    elif flock -n 9; then hastate_got=mine\n"
                + "    else sleep 0.1; hastate_i=$((hastate_i + 1)); fi\n"
                + "  done\n"
                + "fi\n"
                + "case $hastate_got in\n"
                + "  mine) printf '%s since %s\\n' " + Shell.quote(safeOwner) + " \"$(date -u +%FT%TZ)\" > \"$hastate_lock\"; echo locked ;;\n"
                + "  shared) exec 9>&-; echo locked ;;\n"
                + "  '') exec 9>&-; echo \"busy $(head -c 300 \"$hastate_lock\" | tr -cd '[:print:]')\" ;;\n"
                + "  *) exec 9>&-; echo \"$hastate_got\" ;;\n"
                + "esac\n"
                + "umask \"$hastate_umask\"; unset hastate_umask hastate_lock hastate_got hastate_i\n";
    }
}
