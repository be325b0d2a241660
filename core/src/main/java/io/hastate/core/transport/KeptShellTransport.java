package io.hastate.core.transport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a host's commands through one {@code sh} kept open on it rather than a new SSH channel each:
 * sshd sets up a session per channel, tens of milliseconds of the host's CPU, where a command written
 * to a waiting shell costs a few. Each command is still bounded on the host and framed by marker lines
 * carrying a random token; input up to a limit travels with it. A command with more input, or one
 * arriving while the shell is busy, takes its own channel as before. For connections held a long time
 * (the watch) and for runs that send many commands (apply). The run's host lock keeps a session of its
 * own: a lock held by this shell would outlive a lost connection for as long as its command runs.
 */
public final class KeptShellTransport extends ForwardingTransport {
    private static final ScheduledExecutorService WATCHDOG = CommandLimits.watchdog("hastate-kept-shell-timeouts");
    /** How long a timed-out command's caller waits for the kill to be sent. */
    private static final Duration KILL_WITHIN = Duration.ofSeconds(30);
    /** Input up to this size goes to the kept shell with its command; larger input takes a channel. */
    static final int INPUT_IN_SHELL_LIMIT = 1024 * 1024;

    private final Duration commandTimeout;
    private final String marker = "__hastate_" + UUID.randomUUID().toString().replace("-", "") + "__";
    private final ReentrantLock busy = new ReentrantLock();
    /** The open shell and its buffered output; null until first used and after it broke. */
    private volatile Held shell;
    private InputStream output;
    private volatile String processGroup;
    private boolean unsupported;

    public KeptShellTransport(Transport inner, Duration commandTimeout) {
        super(inner);
        this.commandTimeout = commandTimeout;
    }

    /**
     * Transports for runs that change hosts and send each many commands (an apply sends a dozen or more:
     * every change, and the facts read again after it). Every host of such a run is sent several, so the
     * shell starts with the first command.
     */
    public static Connector keeping(Connector connector, Duration commandTimeout) {
        return host -> new KeptShellTransport(connector.open(host), commandTimeout);
    }

    @Override
    public CommandResult run(String command, byte[] stdin) throws TransportException {
        if ((stdin != null && stdin.length > INPUT_IN_SHELL_LIMIT) || !busy.tryLock()) return inner.run(command, stdin);
        try {
            if (!ready()) return inner.run(command, stdin);
            return exchange(List.of(command), stdin).get(0);
        } finally {
            busy.unlock();
        }
    }

    /**
     * In the kept shell, with the content in the script ({@link AtomicWrite#inline}): the shell evaluates
     * it, so it reaches no command line, and no program starts to decode it. Otherwise through this
     * transport's own {@link #run}, so that the content reaches the kept shell too.
     */
    @Override
    public void writeFile(String path, byte[] content, FileAttributes attributes) throws TransportException, FileWriteException {
        AtomicWrite.Request inline = AtomicWrite.inline(path, attributes, backups(), content, INPUT_IN_SHELL_LIMIT);
        if (inline != null && busy.tryLock()) {
            try {
                // Evaluated by the kept shell only: a bounded command (no process group) would put it in a command line.
                if (ready() && processGroup != null) {
                    CommandResult r = exchange(List.of(inline.script()), null).get(0);
                    if (!r.ok()) throw new FileWriteException("writing " + path + " failed: " + r.describe());
                    return;
                }
            } finally {
                busy.unlock();
            }
        }
        AtomicWrite.run(this, path, content, attributes);
    }

    /** Each command in a subshell of its own, framed apart: one process per command on the host, not two. */
    @Override
    public List<CommandResult> runBatch(List<String> commands) throws TransportException {
        if (!busy.tryLock()) return inner.runBatch(commands);
        try {
            if (!ready()) return inner.runBatch(commands);
            if (processGroup == null) {
                BatchScript script = BatchScript.of(commands);
                return script.split(exchange(List.of(script.text()), null).get(0));
            }
            return exchange(commands, null);
        } finally {
            busy.unlock();
        }
    }

    /** Proves the host still answers, in one round trip that starts nothing on it (a check with nothing to read still knows the host is there). */
    public void ping() throws TransportException {
        busy.lock();
        try {
            if (!ready()) {
                inner.run("true", null);
                return;
            }
            AtomicBoolean timedOut = new AtomicBoolean();
            Held current = shell;
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                timedOut.set(true);
                current.close();
            }, commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                send("printf '%s pong\\n' " + marker + "\n");
                readUntil(marker + " pong\n", 4096);
            } catch (IOException e) {
                drop();
                throw timedOut.get() ? CommandLimits.timeoutError(commandTimeout) : new TransportException("connection lost: " + e.getMessage(), e);
            } finally {
                watchdog.cancel(false);
            }
        } finally {
            busy.unlock();
        }
    }

    private boolean ready() throws TransportException {
        if (unsupported) return false;
        return shell != null || start();
    }

    /** Opens the shell; false when this transport cannot keep one (then every command takes a channel). */
    private boolean start() throws TransportException {
        try {
            // A session of its own, so that its process group is its own and nothing else's.
            shell = inner.hold("echo ready; if command -v setsid >/dev/null; then exec setsid -w sh -s; else exec sh -s; fi", commandTimeout);
            output = new BufferedInputStream(shell.output(), 8 * 1024);
        } catch (UnsupportedOperationException e) {
            if (shell != null) shell.close();
            shell = null;
            unsupported = true;
            return false;
        }
        // The error file is the shell's own, removed when its input ends. When the shell leads its process
        // group, that group holds every command it runs: what a command timing out is stopped by.
        send("hastate_err=$(mktemp) || exit 1; trap 'rm -f \"$hastate_err\"' EXIT; hastate_pgrp=; "
                + "[ -r /proc/$$/stat ] && read -r _ _ _ _ hastate_pgrp _ </proc/$$/stat; printf '%s group %s %s\\n' " + marker + " \"$hastate_pgrp\" \"$$\"\n");
        try {
            String[] words = new String(readUntil("\n", 4096), StandardCharsets.US_ASCII).trim().split(" ");
            boolean leads = words.length == 4 && words[2].matches("[1-9][0-9]*") && words[2].equals(words[3]);
            processGroup = leads ? words[2] : null;
            return true;
        } catch (IOException e) {
            drop();
            throw new TransportException("connection lost: " + e.getMessage(), e);
        }
    }

    /**
     * One command in a subshell of the kept shell. Quoted and evaluated there, so that no text can end the
     * kept shell or be read as its next command. Without a known process group, timeout(1) bounds it instead.
     */
    private String framed(String command, byte[] stdin) {
        String run = processGroup != null
                ? "( eval " + Shell.quote(command) + " )"
                : CommandLimits.bounded(command, commandTimeout);
        // Input travels base64-encoded in the script, through printf, a built-in: in no argv and no file.
        String input = stdin == null ? "" : "printf '%s' '" + Base64.getEncoder().encodeToString(stdin) + "' | base64 -d | ";
        return "printf '%s begin\\n' " + marker + "\n"
                + input + run + (stdin == null ? " </dev/null" : "") + " 2>\"$hastate_err\"\n"
                + "printf '\\n%s end %s\\n' " + marker + " \"$?\"\n"
                + "[ -s \"$hastate_err\" ] && cat \"$hastate_err\"; : >\"$hastate_err\"\n"
                + "printf '\\n%s done\\n' " + marker + "\n";
    }

    /** Runs the commands one after the other in the kept shell, all of them within one command timeout. */
    private List<CommandResult> exchange(List<String> commands, byte[] stdin) throws TransportException {
        AtomicBoolean timedOut = new AtomicBoolean();
        Held current = shell;
        String group = processGroup;
        Duration limit = group != null ? commandTimeout : CommandLimits.backstop(commandTimeout);
        // Done once the kill has been sent: a caller told "timed out" may exit at once, and must not
        // take the kill with it, leaving what the command started running on the host.
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            try {
                stop(current, group);
            } finally {
                stopped.complete(null);
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        try {
            StringBuilder script = new StringBuilder();
            commands.forEach(c -> script.append(framed(c, stdin)));
            send(script.toString());
            List<CommandResult> results = new ArrayList<>(commands.size());
            // Every frame sent is read before anything is judged, so the next exchange starts on a clean stream.
            for (int i = 0; i < commands.size(); i++) {
                readUntil(marker + " begin\n", 4096);
                byte[] stdout = readUntil("\n" + marker + " end ", CappedBuffer.STDOUT_LIMIT);
                int status = Integer.parseInt(new String(readUntil("\n", 64), StandardCharsets.US_ASCII).trim());
                byte[] stderr = readUntil("\n" + marker + " done\n", CappedBuffer.STDERR_LIMIT);
                results.add(new CommandResult(status, stdout, new String(stderr, StandardCharsets.UTF_8)));
            }
            long elapsed = System.nanoTime() - start;
            watchdog.cancel(false);
            // The watchdog stopped the shell: its last frames may still have been read (the command's
            // subshell killed before the shell itself), but the shell is gone and the next command needs another.
            if (timedOut.get()) {
                drop();
                awaitKill(stopped);
                throw CommandLimits.timeoutError(commandTimeout);
            }
            if (results.stream().anyMatch(r -> CommandLimits.timedOut(r.exitCode(), elapsed, commandTimeout))) throw CommandLimits.timeoutError(commandTimeout);
            return results;
        } catch (Overflow e) {
            watchdog.cancel(false);
            stop(current, group);
            drop();
            throw CommandLimits.overflowError(e.buffer);
        } catch (IOException | NumberFormatException e) {
            drop();
            if (timedOut.get()) {
                awaitKill(stopped);
                throw CommandLimits.timeoutError(commandTimeout);
            }
            throw new TransportException("connection lost: " + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Waits (bounded) for the watchdog's kill to have reached the host. */
    private static void awaitKill(CompletableFuture<Void> stopped) {
        try {
            stopped.get(KILL_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The kill could not be sent in time: the connection is likely gone, and the command with it.
        }
    }

    /**
     * Lets go of the kept shell, then stops it and everything it started. In that order: output nobody
     * reads any more would otherwise hold up the connection that the kill travels on.
     */
    private void stop(Held held, String group) {
        held.close();
        if (group != null) kill(group);
    }

    private void kill(String group) {
        try {
            // No "--": dash's kill refuses it ("Illegal number"), and a negative number names the group.
            inner.run("kill -KILL -" + group + " 2>/dev/null; true", null);
        } catch (TransportException e) {
            // The connection is gone too: so are the shell and its commands.
        }
    }

    private void send(String text) throws TransportException {
        try {
            OutputStream in = shell.input();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            drop();
            throw new TransportException("connection lost: " + e.getMessage(), e);
        }
    }

    /** The bytes before {@code delimiter}, which is consumed; past {@code limit} bytes the shell's output cannot be trusted. */
    private byte[] readUntil(String delimiter, int limit) throws IOException {
        byte[] end = delimiter.getBytes(StandardCharsets.US_ASCII);
        byte last = end[end.length - 1];
        byte[] buf = new byte[256];
        int len = 0;
        int b;
        while ((b = output.read()) >= 0) {
            if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            buf[len++] = (byte) b;
            // The whole delimiter is compared only at its last byte: output of many megabytes stays cheap.
            if (b == (last & 0xff) && len >= end.length && Arrays.equals(buf, len - end.length, len, end, 0, end.length)) {
                return Arrays.copyOf(buf, len - end.length);
            }
            if (len > limit + end.length) throw new Overflow(limit);
        }
        throw new IOException("the kept shell ended");
    }

    /** Forgets a shell whose output can no longer be followed; the next command opens a new one. */
    private void drop() {
        if (shell != null) shell.close();
        shell = null;
        output = null;
    }

    /**
     * Not waiting for a running command: it is stopped on the host with everything it started (a run
     * interrupted by Ctrl-C leaves nothing of it running), and its caller hears so.
     */
    @Override
    public void close() {
        Held open = shell;
        if (open != null) {
            String group = processGroup;
            // The command's caller still reads its output, so the kill goes first: nothing holds it up.
            if (busy.isLocked() && group != null) kill(group);
            open.close();
        }
        inner.close();
    }

    private static final class Overflow extends IOException {
        final CappedBuffer buffer;

        Overflow(int limit) {
            super("output over the limit");
            this.buffer = new CappedBuffer(limit);
        }
    }
}
