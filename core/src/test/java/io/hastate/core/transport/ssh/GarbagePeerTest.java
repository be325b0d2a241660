package io.hastate.core.transport.ssh;

import io.hastate.core.model.Host;
import io.hastate.core.model.Location;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer on loopback that answers SSH with garbage: a clear per-host error, never a crash of the run. */
class GarbagePeerTest {
    @TempDir
    Path dir;

    private static void serve(ServerSocket server, byte[] banner, long seed) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(banner);
                    byte[] junk = new byte[256 * 1024];
                    new Random(seed + i).nextBytes(junk);
                    out.write(junk);
                    out.flush();
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void garbageAfterTheBannerOrInsteadOfItIsATransportError() throws Exception {
        for (String banner : new String[]{"SSH-2.0-garbage\r\n", "", "SSH-2.0-x\r\n\0\0\0\5\0\0\0\0\0"}) {
            try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                serve(server, banner.getBytes(StandardCharsets.ISO_8859_1), banner.length());
                SshConnector connector = new SshConnector(new SshSettings(dir.resolve("known_hosts"), true, null,
                        Duration.ofSeconds(3), Duration.ofSeconds(3), 2));
                Host host = new Host("junk", "127.0.0.1", server.getLocalPort(), "nobody", null, Host.Become.NONE,
                        Host.Connection.SSH, Map.of(), new Location("test", 1));
                TransportException e = assertThrows(TransportException.class, () -> connector.open(host, null, Backups.DEFAULT).close());
                assertTrue(e.getMessage().startsWith("cannot connect to nobody@127.0.0.1:" + server.getLocalPort()), e.getMessage());
            }
        }
    }

    @Test
    void aClosedPortAndANameThatDoesNotResolveSayWhatIsWrongInWords() throws Exception {
        SshConnector connector = new SshConnector(new SshSettings(dir.resolve("known_hosts"), true, null, Duration.ofSeconds(3), Duration.ofSeconds(3), 2));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Host host = new Host("gone", "127.0.0.1", closed, "nobody", null, Host.Become.NONE, Host.Connection.SSH, Map.of(), new Location("test", 1));
        TransportException refused = assertThrows(TransportException.class, () -> connector.open(host, null, Backups.DEFAULT).close());
        assertTrue(refused.getMessage().endsWith("connection refused (is sshd listening on port " + closed + "?)"), refused.getMessage());

        // No lookup is made here (a test sends nothing beyond loopback): JSch's failure as it reports an unknown name.
        var target = new SshConnector.SshTarget("web1", "web1.example.invalid", 22, "root", java.util.List.of(), null);
        String said = connector.explain(target, new com.jcraft.jsch.JSchException("java.net.UnknownHostException: web1.example.invalid",
                new java.net.UnknownHostException("web1.example.invalid")));
        assertTrue(said.endsWith("web1.example.invalid does not resolve (DNS): check the name, or give the host an address"), said);
    }
}
