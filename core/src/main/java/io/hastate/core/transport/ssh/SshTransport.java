package io.hastate.core.transport.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.hastate.core.model.Host;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.BytePipe;
import io.hastate.core.transport.CappedBuffer;
import io.hastate.core.transport.CommandLimits;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.FirstLine;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs commands over one SSH session, each as {@code sh -c} (through sudo when the inventory asks),
 * so targets need nothing but a POSIX shell. Files are written by the shared atomic-write script.
 */
public final class SshTransport implements Transport {
    private static final ScheduledExecutorService WATCHDOG = CommandLimits.watchdog("hastate-ssh-timeouts");

    private final Session session;
    private final Host.Become become;
    private final String sudoPassword;
    private final Duration commandTimeout;
    private final Backups backups;

    SshTransport(Session session, Host.Become become, String sudoPassword, Duration commandTimeout, Backups backups) {
        this.session = session;
        this.become = become;
        this.sudoPassword = sudoPassword;
        this.commandTimeout = commandTimeout;
        this.backups = backups;
    }

    @Override
    public Backups backups() {
        return backups;
    }

    /** The remote command line: bounded by the timeout on the host, wrapped in sudo when escalating. */
    String commandLine(String command) {
        // exec: the login shell becomes the next program instead of starting it, one process fewer per command.
        String bounded = "exec " + CommandLimits.bounded(command, commandTimeout);
        // Through sudo, sh is the one program run as root, as sudoers rules that allow sh expect.
        return become.sudo() ? "exec " + asUser("sh -c " + Shell.quote(bounded)) : bounded;
    }

    private String asUser(String line) {
        if (!become.sudo()) return line;
        if (sudoPassword == null) return "sudo -n -- " + line;
        // The password goes only where sudo asks for it (its own prompt): a NOPASSWD rule asks nothing,
        // and the command's first line says it has started.
        return "sudo -k -S -p " + Shell.quote(SudoGate.PROMPT) + " -- sh -c " + Shell.quote(SudoGate.marked(line));
    }

    private boolean passwordSudo() {
        return become.sudo() && sudoPassword != null;
    }

    /**
     * Answers sudo: its password when it asks (once; a wrong one is not sent again), until the command
     * has started, the channel has closed, or {@code deadlineNanos} has passed. True: the command runs.
     */
    private boolean passSudo(ChannelExec channel, SudoGate gate, long deadlineNanos) throws IOException, InterruptedException {
        boolean sent = false;
        while (System.nanoTime() < deadlineNanos && !channel.isClosed()) {
            SudoGate.Event e = gate.next(50);
            if (e == SudoGate.Event.PASSED) return true;
            if (e == SudoGate.Event.ASKED) {
                if (sent) return false;
                OutputStream in = channel.getOutputStream();
                in.write((sudoPassword + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                sent = true;
            }
        }
        return false;
    }

    /**
     * Writes stdin from this thread and ends it. JSch's own input pump (setInputStream) costs a thread
     * per command and, when a command ends before that thread starts, fails with a NullPointerException.
     * Inputs are small (a file's content), and the scripts that read them print little, so writing
     * first and reading after cannot block on a full pipe.
     */
    private static void sendInput(ChannelExec channel, byte[] input, boolean end) {
        try {
            OutputStream in = channel.getOutputStream();
            if (input.length > 0) in.write(input);
            in.flush();
            if (end) in.close();
        } catch (IOException e) {
            // The command ended without reading all of it; its exit status and output tell why.
        }
    }

    private ChannelExec openChannel() throws TransportException {
        if (!session.isConnected()) throw new TransportException("SSH session is closed");
        try {
            return (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw new TransportException("cannot open an SSH channel: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // JSch can fail inside on garbage from the peer; the host is at fault, not the run.
            throw new TransportException("SSH channel failed: " + e, e);
        }
    }

    @Override
    public CommandResult run(String command, byte[] stdin) throws TransportException {
        ChannelExec channel = openChannel();
        CappedBuffer stderr = new CappedBuffer(CappedBuffer.STDERR_LIMIT);
        CappedBuffer stdout = new CappedBuffer(CappedBuffer.STDOUT_LIMIT);
        channel.setCommand(commandLine(command));
        SudoGate gate = passwordSudo() ? new SudoGate(stderr) : null;
        channel.setErrStream(gate != null ? gate : stderr, true);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            channel.disconnect();
        }, CommandLimits.backstop(commandTimeout).toMillis(), TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        try {
            InputStream out = channel.getInputStream();
            channel.connect((int) Math.min(Integer.MAX_VALUE, commandTimeout.toMillis()));
            boolean runs = gate == null || passSudo(channel, gate, start + CommandLimits.backstop(commandTimeout).toNanos());
            sendInput(channel, runs && stdin != null ? stdin : new byte[0], true);
            stdout.readFrom(out);
            if (stdout.overflowed() || stderr.overflowed()) throw CommandLimits.overflowError(stdout.overflowed() ? stdout : stderr);
            // The exit status may arrive just after the last output.
            while (!channel.isClosed() && !timedOut.get()) Thread.sleep(1);
            if (timedOut.get()) throw CommandLimits.timeoutError(commandTimeout);
            int status = channel.getExitStatus();
            if (status < 0) {
                throw new TransportException("connection lost while running a command" + (session.isConnected() ? "" : " (session closed)"));
            }
            if (CommandLimits.timedOut(status, System.nanoTime() - start, commandTimeout)) throw CommandLimits.timeoutError(commandTimeout);
            return new CommandResult(status, stdout.toByteArray(), stderr.text());
        } catch (IOException | JSchException e) {
            if (timedOut.get()) throw CommandLimits.timeoutError(commandTimeout);
            throw new TransportException("connection lost: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TransportException("SSH channel failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted", e);
        } finally {
            watchdog.cancel(false);
            channel.disconnect();
        }
    }

    @Override
    public Held hold(String command, Duration firstLineWithin) throws TransportException {
        ChannelExec channel = openChannel();
        channel.setCommand(asUser("sh -c " + Shell.quote(command)));
        SudoGate gate = passwordSudo() ? new SudoGate(OutputStream.nullOutputStream()) : null;
        if (gate != null) channel.setErrStream(gate, true);
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(channel::disconnect, firstLineWithin.toMillis(), TimeUnit.MILLISECONDS);
        try {
            // Read by whichever thread follows the command, over hours: not JSch's own piped stream.
            BytePipe pipe = new BytePipe(32 * 1024);
            channel.setOutputStream(pipe.sink());
            InputStream out = pipe.source();
            channel.connect((int) Math.min(Integer.MAX_VALUE, firstLineWithin.toMillis()));
            if (gate != null && !passSudo(channel, gate, System.nanoTime() + firstLineWithin.toNanos())) {
                throw new TransportException("sudo did not run the command (wrong password, or no answer within " + firstLineWithin.toSeconds() + " s)");
            }
            String line = FirstLine.read(out);
            if (line == null) throw new TransportException("no answer within " + firstLineWithin.toSeconds() + " s");
            watchdog.cancel(false);
            OutputStream in = channel.getOutputStream();
            return new Held() {
                @Override public String firstLine() { return line; }
                @Override public String nextLine() throws IOException { return FirstLine.read(out); }
                @Override public InputStream output() { return out; }
                @Override public OutputStream input() { return in; }
                @Override public void close() {
                    // The pipe first: a session thread blocked on its full buffer would hold up every channel.
                    try {
                        out.close();
                    } catch (IOException e) {
                        // Closing our own pipe does not fail.
                    }
                    channel.disconnect();
                }
            };
        } catch (IOException | JSchException | RuntimeException e) {
            channel.disconnect();
            throw new TransportException("connection lost: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            channel.disconnect();
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted", e);
        } catch (TransportException e) {
            channel.disconnect();
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
