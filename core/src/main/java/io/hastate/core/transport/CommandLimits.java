package io.hastate.core.transport;

import java.time.Duration;

/**
 * What bounds one command on a host. The timeout is enforced on the host by coreutils' timeout,
 * which runs the command in a process group of its own and kills the whole group, so nothing a
 * timed-out command started keeps running; the controller's own watchdog is only a backstop.
 */
public final class CommandLimits {
    private CommandLimits() {}

    /** Exit codes of timeout(1): the command was stopped (TERM), or killed after the grace time. */
    static final int TIMED_OUT = 124;
    static final int KILLED = 137;
    private static final int GRACE_SECONDS = 5;

    /** {@code sh -c COMMAND}, stopped on the host after {@code timeout}. */
    public static String bounded(String command, Duration timeout) {
        long seconds = Math.max(1, timeout.toSeconds());
        return "timeout -k " + GRACE_SECONDS + " " + seconds + " sh -c " + Shell.quote(command);
    }

    /** A daemon thread that fires timeouts; each transport kind has its own, so one's slow stop cannot delay another's. */
    public static java.util.concurrent.ScheduledExecutorService watchdog(String name) {
        return java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** How long the controller waits before it gives up on the host's own timeout. */
    public static Duration backstop(Duration timeout) {
        return timeout.plusSeconds(GRACE_SECONDS + 10);
    }

    public static boolean timedOut(int exitCode, long elapsedNanos, Duration timeout) {
        return (exitCode == TIMED_OUT || exitCode == KILLED) && elapsedNanos >= timeout.toNanos();
    }

    public static TransportException timeoutError(Duration timeout) {
        return new CommandLimitException("command timed out after " + timeout.toSeconds() + " s (stopped on the host with everything it started)");
    }

    public static TransportException overflowError(CappedBuffer out) {
        return new CommandLimitException("command printed more than " + (out.limit() / (1024 * 1024)) + " MiB; stopped it");
    }
}
