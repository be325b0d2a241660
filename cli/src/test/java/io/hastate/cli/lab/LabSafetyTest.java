package io.hastate.cli.lab;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.HostLock;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.ssh.SshConnector;
import io.hastate.core.transport.ssh.SshSettings;
import io.hastate.core.transport.ssh.SshTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static io.hastate.cli.lab.Lab.hastate;
import static io.hastate.cli.lab.Lab.ssh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What makes hastate safe to run as root, proven on real hosts and checked with the hosts' own tools. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabSafetyTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void lab() {
        Lab.requireRunning();
    }

    @Test
    void keysAcceptedOnFirstContactArePinnedForTheNextRun() throws Exception {
        Path known = tmp.resolve("fresh-home/.ssh/known_hosts");
        Lab.Result first = hastate("facts", "-i", Lab.INVENTORY.toString(), "-l", "p1a,p1b", "--known-hosts", known.toString(), "--accept-new-host-keys");
        assertEquals(0, first.exit(), first.out() + first.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(known)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(known.getParent())));
        List<String> lines = Files.readAllLines(known);
        assertEquals(2, lines.size(), lines.toString());
        // Each accepted key is told with its type and fingerprint, as OpenSSH computes it, and where it went.
        for (String host : List.of("p1a", "p1b")) {
            String address = Lab.address(host);
            String entry = lines.stream().filter(l -> l.startsWith(address + " ")).findFirst().orElseThrow();
            Path one = Files.writeString(tmp.resolve("one-" + host), entry + "\n");
            String fingerprint = Lab.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", one.toString())).out().split("\\s+")[1];
            assertTrue(first.err().contains("host key of " + address + " accepted: " + entry.split(" ")[1] + " " + fingerprint + ", recorded in " + known),
                    fingerprint + " in: " + first.err());
        }

        Lab.Result second = hastate("facts", "-i", Lab.INVENTORY.toString(), "-l", "p1a,p1b", "--known-hosts", known.toString());
        assertEquals(0, second.exit(), "pinned: no flag needed the second time: " + second.out() + second.err());

        // p1a's entry now carries p1b's key: what a changed host key looks like.
        String a = Lab.address("p1a");
        String keyOfB = lines.stream().filter(l -> !l.startsWith(a + " ")).findFirst().orElseThrow().split(" ", 2)[1];
        Files.write(known, List.of(a + " " + keyOfB, lines.stream().filter(l -> !l.startsWith(a + " ")).findFirst().orElseThrow()));
        Lab.Result changed = hastate("facts", "-i", Lab.INVENTORY.toString(), "-l", "p1a", "--known-hosts", known.toString(), "--accept-new-host-keys");
        assertTrue((changed.out() + changed.err()).contains("HOST KEY CHANGED"), changed.out() + changed.err());
    }

    private Path states(String yaml) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("states"));
        Files.writeString(dir.resolve("safety.yaml"), yaml);
        return dir;
    }

    @Test
    void aHostLockedByAnotherRunIsRefusedThenWaitedFor() throws Exception {
        Path tree = states("""
                stamp:
                  file.managed: {name: /root/hastate-lock-test, content: "run {{host.name}}\\n"}
                """);
        ssh("p1a", "rm -f /root/hastate-lock-test");
        Inventory inv = new InventoryLoader().load(Lab.INVENTORY);
        SshConnector connector = new SshConnector(new SshSettings(Lab.KNOWN_HOSTS, false, null, Duration.ofSeconds(5), Duration.ofSeconds(30), 2));
        try (SshTransport other = connector.open(inv.host("p1a"), null, Backups.DEFAULT)) {
            Transport.Held held = HostLock.acquire(other, "hastate apply by someone-else pid 7", "other-run", Duration.ZERO);
            Lab.Result refused = hastate("apply", "-i", Lab.hostsOnly().toString(), "-l", "p1a", "--states", tree.toString(), "safety");
            assertEquals(1, refused.exit(), refused.out() + refused.err());
            assertTrue(refused.out().contains("locked by hastate apply by someone-else pid 7 (run other-run) since "), refused.out());
            assertEquals("absent\n", ssh("p1a", "test -e /root/hastate-lock-test && echo present || echo absent").out(), "nothing was changed");

            new Thread(() -> {
                try { Thread.sleep(2000); } catch (InterruptedException e) { return; }
                held.close();
            }).start();
            Lab.Result waited = hastate("apply", "-i", Lab.hostsOnly().toString(), "-l", "p1a", "--states", tree.toString(), "safety", "--wait-lock", "30");
            assertEquals(0, waited.exit(), waited.out() + waited.err());
        }
        assertEquals("run p1a\n", ssh("p1a", "cat /root/hastate-lock-test").out());
        assertEquals("", ssh("p1a", "ls -A /etc/keepalived | grep hastate-candidate || true").out().strip());
    }

    @Test
    void aHostPrintingWithoutEndFailsAloneAndATimedOutCommandLeavesNothing() throws Exception {
        Path tree = states("""
                noisy:
                  cmd.run:
                    name: "if [ {{host.name}} = p1a ]; then yes hastate-noise; else echo quiet > /root/hastate-quiet; fi"
                """);
        Lab.Result r = hastate("apply", "-i", Lab.hostsOnly().toString(), "-l", "p1a,p1b", "--states", tree.toString(), "safety");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*p1a\\s+FAILED\\s+command printed more than 64 MiB.*"), r.out());
        assertTrue(r.out().matches("(?s).*p1b\\s+ok=0 changed=1 .*"), r.out());

        Path slow = states("""
                slow:
                  cmd.run: {name: "sleep 4242 & sleep 4243"}
                """);
        Lab.Result t = hastate("apply", "-i", Lab.hostsOnly().toString(), "-l", "p1b", "--states", slow.toString(), "safety", "--timeout", "2");
        assertEquals(1, t.exit(), t.out() + t.err());
        assertTrue(t.out().contains("timed out after 2 s"), t.out());
        String left = ssh("p1b", "for i in $(seq 50); do pgrep -f 'slee[p] 424' >/dev/null || break; sleep 0.1; done; pgrep -af 'slee[p] 424' || true").out();
        assertEquals("", left.strip(), "nothing the command started is left");
    }

    @Test
    void aWatcherRunningAsAnotherUserReadsNoSecretDuring20Applies() throws Exception {
        ssh("p1a", "id watcher >/dev/null 2>&1 || useradd -M -s /bin/sh watcher; mkdir -p /etc/hastate-secret && chmod 755 /etc/hastate-secret"
                + " && rm -f /etc/hastate-secret/.hastate.* /tmp/watch.stop /tmp/watch.out");
        // Another local user reads every temporary file hastate creates next to the target, as fast as it can.
        ssh("p1a", "(setsid su -s /bin/sh watcher -c 'while [ ! -e /tmp/watch.stop ]; do cat /etc/hastate-secret/.hastate.* 2>/dev/null; done'"
                + " > /tmp/watch.out 2>&1 < /dev/null &) ; sleep 0.3");
        try {
            for (int i = 1; i <= 20; i++) {
                // Some 200 KB, so that each write takes a while: the window a watcher would need.
                Path tree = states("""
                        secret:
                          file.managed:
                            name: /etc/hastate-secret/keepalived.conf
                            mode: "0600"
                            content: |
                              auth_pass S3cr%02dx
                        """.formatted(i) + "      # padding to make the write last\n".repeat(6000));
                Lab.Result r = hastate("apply", "-i", Lab.hostsOnly().toString(), "-l", "p1a", "--states", tree.toString(), "safety");
                assertEquals(0, r.exit(), r.out() + r.err());
            }
            // The control: a file readable by others is seen by the watcher, so the watcher works.
            ssh("p1a", "printf 'CONTROL-VISIBLE\\n' > /etc/hastate-secret/.hastate.control && chmod 644 /etc/hastate-secret/.hastate.control && sleep 0.5");
        } finally {
            ssh("p1a", "touch /tmp/watch.stop; sleep 0.3; rm -f /etc/hastate-secret/.hastate.control");
        }
        String seen = ssh("p1a", "cat /tmp/watch.out").out();
        assertTrue(seen.contains("CONTROL-VISIBLE"), "the watcher reads what it may read");
        assertTrue(!seen.contains("S3cr"), "no secret seen by the watcher: " + seen.substring(0, Math.min(300, seen.length())));
        assertEquals("600 root\n", ssh("p1a", "stat -c '%a %U' /etc/hastate-secret/keepalived.conf").out());
        String backups = ssh("p1a", "find /var/backups/hastate/etc/hastate-secret -name 'keepalived.conf.*' -printf '%m\\n' | sort | uniq -c").out().strip();
        assertEquals("10 600", backups.replaceAll("\\s+", " "), "ten private copies kept: " + backups);
    }

    @Test
    void twoConcurrentAppliesOnOnePairNeverInterleave(@TempDir Path tmp) throws Exception {
        Path inventory = Lab.haPairs(tmp.resolve("a"), 1);
        Path changed = Lab.haTreeBesideInit(tmp.resolve("states/ha"));
        Files.writeString(changed.resolve("init.yaml"), Files.readString(Lab.states().resolve("ha/init.yaml"))
                .replace("router_id: \"{{host.name}}\"", "router_id: \"{{host.name}}-v9\""));
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.Callable<Lab.Result> apply = () -> hastate("apply", "-i", inventory.toString(), "--states",
                tmp.resolve("states").toString(), "-l", "full", "ha");
        var first = two.submit(apply);
        var second = two.submit(apply);
        List<Lab.Result> results = List.of(first.get(), second.get());
        two.shutdown();
        long ok = results.stream().filter(r -> r.exit() == 0).count();
        assertEquals(1, ok, "exactly one rollout ran: " + results);
        Lab.Result refused = results.stream().filter(r -> r.exit() != 0).findFirst().orElseThrow();
        assertTrue(refused.out().contains("not started: p1a: locked by hastate apply by "), refused.out());
        // Every file on both nodes is whole and as declared: a check afterwards finds nothing to change.
        Lab.Result check = hastate("check", "-i", inventory.toString(), "--states", tmp.resolve("states").toString(), "-l", "full", "ha");
        assertEquals(0, check.exit(), check.out());
        for (String node : List.of("p1a", "p1b")) {
            assertTrue(ssh(node, "grep router_id /etc/keepalived/keepalived.conf").out().contains(node + "-v9"));
            assertEquals("", ssh(node, "ls -A /etc/keepalived | grep '^\\.hastate' || true").out().strip(), "no candidate or temporary file left");
        }
    }
}
