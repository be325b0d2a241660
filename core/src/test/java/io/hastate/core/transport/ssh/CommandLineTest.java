package io.hastate.core.transport.ssh;

import io.hastate.core.model.Host;
import io.hastate.core.transport.Backups;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What sshd is asked to run: the command bounded on the host, and through sudo only sh itself. */
class CommandLineTest {
    @Test
    void plainAndThroughSudo() {
        SshTransport plain = new SshTransport(null, Host.Become.NONE, null, Duration.ofSeconds(30), Backups.DEFAULT);
        assertEquals("exec timeout -k 5 30 sh -c 'echo \"$HOME\"'", plain.commandLine("echo \"$HOME\""));
        SshTransport sudo = new SshTransport(null, new Host.Become(true, null), null, Duration.ofSeconds(30), Backups.DEFAULT);
        assertEquals("exec sudo -n -- sh -c 'exec timeout -k 5 30 sh -c '\"'\"'id -u'\"'\"''", sudo.commandLine("id -u"));
        SshTransport password = new SshTransport(null, new Host.Become(true, "pw"), "secret", Duration.ofSeconds(30), Backups.DEFAULT);
        // With a password, sudo's prompt is hastate's own, and the command's first line says sudo let it run.
        assertEquals("exec sudo -k -S -p '[hastate-sudo-password]' -- sh -c 'printf '\"'\"'%s\\n'\"'\"' '\"'\"'[hastate-sudo-passed]'\"'\"' >&2; "
                + "exec sh -c '\"'\"'exec timeout -k 5 30 sh -c '\"'\"'\"'\"'\"'\"'\"'\"'id -u'\"'\"'\"'\"'\"'\"'\"'\"''\"'\"''", password.commandLine("id -u"));
    }
}
