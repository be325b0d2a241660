package io.hastate.core.transport.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.hastate.core.model.Host;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs commands over one SSH session, each as {@code sh -c} (through sudo when the inventory asks),
 * so targets need nothing but a POSIX shell. Files are written by the shared atomic-write script.
 */
public final class SshTransport implements Transport {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hastate-ssh-timeouts");
        t.setDaemon(true);
        return t;
    });

    private final Session session;
    private final Host.Become become;
    private final String sudoPassword;
    private final Duration commandTimeout;
    private final String backupDir;

    SshTransport(Session session, Host.Become become, String sudoPassword, Duration commandTimeout, String backupDir) {
        this.session = session;
        this.become = become;
        this.sudoPassword = sudoPassword;
        this.commandTimeout = commandTimeout;
        this.backupDir = backupDir;
    }

    @Override
    public String backupDir() {
        return backupDir;
    }

    /** The remote command line: {@code sh -c CMD}, wrapped in sudo when escalating. */
    String commandLine(String command) {
        String sh = "sh -c " + Shell.quote(command);
        if (!become.sudo()) return sh;
        // -k makes sudo always read the password, so it never leaks into the command's own input.
        return sudoPassword == null ? "sudo -n -- " + sh : "sudo -k -S -p '' -- " + sh;
    }

    /**
     * Writes stdin from this thread and ends it. JSch's own input pump (setInputStream) costs a thread
     * per command and, when a command ends before that thread starts, fails with a NullPointerException.
     * Inputs are small (a file's content), and the scripts that read them print little, so writing
     * first and reading after cannot block on a full pipe.
     */
    private static void sendInput(ChannelExec channel, byte[] input) {
        try (OutputStream in = channel.getOutputStream()) {
            if (input.length > 0) in.write(input);
        } catch (IOException e) {
            // The command ended without reading all of it; its exit status and output tell why.
        }
    }

    @Override
    public CommandResult run(String command, byte[] stdin) throws TransportException {
        if (!session.isConnected()) throw new TransportException("SSH session is closed");
        byte[] input = stdin == null ? new byte[0] : stdin;
        if (become.sudo() && sudoPassword != null) {
            byte[] pw = (sudoPassword + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] joined = new byte[pw.length + input.length];
            System.arraycopy(pw, 0, joined, 0, pw.length);
            System.arraycopy(input, 0, joined, pw.length, input.length);
            input = joined;
        }
        ChannelExec channel;
        try {
            channel = (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw new TransportException("cannot open an SSH channel: " + e.getMessage(), e);
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        channel.setCommand(commandLine(command));
        channel.setErrStream(stderr, true);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            channel.disconnect();
        }, commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            InputStream out = channel.getInputStream();
            channel.connect((int) Math.min(Integer.MAX_VALUE, commandTimeout.toMillis()));
            sendInput(channel, input);
            byte[] stdout = out.readAllBytes();
            // The exit status may arrive just after the last output.
            while (!channel.isClosed() && !timedOut.get()) Thread.sleep(1);
            if (timedOut.get()) throw new TransportException("command timed out after " + commandTimeout.toSeconds() + " s");
            int status = channel.getExitStatus();
            if (status < 0) {
                throw new TransportException("connection lost while running a command" + (session.isConnected() ? "" : " (session closed)"));
            }
            return new CommandResult(status, stdout, stderr.toString(StandardCharsets.UTF_8));
        } catch (IOException | JSchException e) {
            if (timedOut.get()) throw new TransportException("command timed out after " + commandTimeout.toSeconds() + " s", e);
            throw new TransportException("connection lost: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted", e);
        } finally {
            watchdog.cancel(false);
            channel.disconnect();
        }
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
