package io.hastate.cli.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.transport.AtomicWrite;
import io.hastate.core.transport.Backups;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.ssh.SshConnector;
import io.hastate.core.transport.ssh.SshSettings;
import io.hastate.core.transport.ssh.SshTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.hastate.cli.lab.Lab.hastate;
import static io.hastate.cli.lab.Lab.ssh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hastate command against real lab hosts over SSH; hosts are checked with OpenSSH and their own tools. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabSshTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DIR = "/etc/hastate-it";

    @TempDir
    Path tmp;
    Path states;

    @BeforeAll
    static void lab() {
        Lab.requireRunning();
    }

    @BeforeEach
    void writeStates() throws Exception {
        states = tmp.resolve("states");
        Files.createDirectories(states);
        Files.writeString(states.resolve("it.yaml"), """
                it-dir:
                  file.directory: {name: %s, mode: "0755"}
                motd:
                  file.managed:
                    name: %s/motd
                    content: "managed by hastate on {{host.name}}{{#peer}} (peer {{name}}){{/peer}}\\n"
                    mode: "0640"
                    require: [it-dir]
                arp:
                  sysctl.present: {name: net.ipv4.conf.all.arp_ignore, value: 1}
                stale:
                  file.absent: {name: /etc/hastate-it-stale.conf}
                """.formatted(DIR, DIR));
        clean();
    }

    @AfterEach
    void clean() throws Exception {
        for (String h : List.of("p1a", "p1b")) {
            ssh(h, "rm -rf " + DIR + " /etc/sysctl.d/90-hastate.conf /var/backups/hastate; sysctl -qw net.ipv4.conf.all.arp_ignore=0; "
                    + "echo stale > /etc/hastate-it-stale.conf");
        }
    }

    Lab.Result run(String mode, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(mode, "-i", Lab.INVENTORY.toString(), "--states", states.toString(),
                "-l", "pair1", "--format", "json", "it"));
        args.addAll(List.of(extra));
        return hastate(args.toArray(String[]::new));
    }

    static JsonNode host(Lab.Result r, String name) throws Exception {
        for (JsonNode h : JSON.readTree(r.out()).get("hosts")) if (h.get("name").asText().equals(name)) return h;
        throw new AssertionError("no host " + name + " in " + r.out());
    }

    static JsonNode state(JsonNode host, String id) {
        for (JsonNode s : host.get("states")) if (s.get("id").asText().equals(id)) return s;
        throw new AssertionError("no state " + id);
    }

    @Test
    void applyOverSshThenIdempotentThenDriftIsFoundAndRepaired() throws Exception {
        Lab.Result check = run("check");
        assertEquals(2, check.exit(), check.err() + check.out());
        assertFalse(ssh("p1a", "test -e " + DIR).exit() == 0, "check changed nothing on the host");

        // The states are applied; the lab's pair runs no keepalived, which apply reports as check would (exit 2).
        Lab.Result apply = run("apply");
        assertEquals(2, apply.exit(), apply.err() + apply.out());
        assertTrue(apply.out().contains("keepalived runs on neither node"), apply.out());
        for (String h : List.of("p1a", "p1b")) assertEquals(0, host(apply, h).get("counts").get("failed").asInt(), apply.out());
        for (String h : List.of("p1a", "p1b")) {
            String peer = h.equals("p1a") ? "p1b" : "p1a";
            assertEquals("managed by hastate on " + h + " (peer " + peer + ")\n", ssh(h, "cat " + DIR + "/motd").out());
            assertEquals("640 root root\n", ssh(h, "stat -c '%a %U %G' " + DIR + "/motd").out());
            assertEquals("1\n", ssh(h, "sysctl -n net.ipv4.conf.all.arp_ignore").out());
            assertTrue(ssh(h, "cat /etc/sysctl.d/90-hastate.conf").out().contains("net.ipv4.conf.all.arp_ignore = 1"));
            assertFalse(ssh(h, "test -e /etc/hastate-it-stale.conf").exit() == 0, "file.absent removed it");
            assertEquals("stale\n", ssh(h, "cat /var/backups/hastate/etc/hastate-it-stale.conf.*").out(), "after backing it up");
        }

        Lab.Result again = run("apply");
        assertEquals(2, again.exit(), again.err());
        for (String h : List.of("p1a", "p1b")) {
            assertEquals(0, host(again, h).get("counts").get("changed").asInt(), "second apply changes nothing on " + h);
            assertEquals(4, host(again, h).get("counts").get("unchanged").asInt());
        }

        // Drift made by hand on p1b only.
        ssh("p1b", "echo 'local edit' >> " + DIR + "/motd; sysctl -qw net.ipv4.conf.all.arp_ignore=2");
        Lab.Result drift = run("check");
        assertEquals(2, drift.exit());
        assertEquals(0, host(drift, "p1a").get("counts").get("would_change").asInt());
        JsonNode p1b = host(drift, "p1b");
        assertTrue(state(p1b, "motd").get("changes").get(0).get("diff").asText().contains("-local edit"));
        JsonNode arp = state(p1b, "arp").get("changes").get(0);
        assertEquals("live", arp.get("key").asText());
        assertEquals("2", arp.get("before").asText());
        assertEquals("1", arp.get("after").asText());

        assertEquals(2, run("apply").exit(), "repaired; the blank pair is still reported");
        assertEquals("1\n", ssh("p1b", "sysctl -n net.ipv4.conf.all.arp_ignore").out());
        assertFalse(ssh("p1b", "cat " + DIR + "/motd").out().contains("local edit"));
        assertTrue(ssh("p1b", "cat /var/backups/hastate" + DIR + "/motd.*").out().contains("local edit"),
                "the hand-edited file was backed up before it was replaced");
        Lab.Result after = run("check");
        for (String h : List.of("p1a", "p1b")) assertEquals(0, host(after, h).get("counts").get("would_change").asInt(), after.out());
        // The states are in sync; what is left is the blank pair itself, whose VIP nobody holds yet.
        assertEquals(2, after.exit(), after.out());
        JsonNode problems = JSON.readTree(after.out()).get("pairs").get(0).get("problems");
        assertEquals("keepalived runs on neither node", problems.get(problems.size() - 1).asText());
    }

    @Test
    void aChangedHostKeyIsRefusedAndTheOtherHostCompletes() throws Exception {
        Path wrongKey = tmp.resolve("other_key");
        Lab.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrongKey.toString()));
        String p1a = Lab.address("p1a");
        StringBuilder known = new StringBuilder();
        for (String line : Files.readAllLines(Lab.KNOWN_HOSTS)) {
            known.append(line.startsWith(p1a + " ") ? p1a + " " + Files.readString(Path.of(wrongKey + ".pub")).strip() : line).append('\n');
        }
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), known.toString());
        // Both nodes as plain hosts: the run goes on past the refused one (the rollout would leave the pair alone).
        Lab.Result r = run("apply", "--known-hosts", knownHosts.toString(), "--accept-new-host-keys", "--no-rollout");
        assertEquals(1, r.exit(), r.out());
        JsonNode a = host(r, "p1a");
        assertFalse(a.get("reachable").asBoolean());
        assertTrue(a.get("unreachable_reason").asText().contains("HOST KEY CHANGED"), a.toString());
        assertEquals(4, host(r, "p1b").get("counts").get("changed").asInt());
        assertFalse(ssh("p1a", "test -e " + DIR).exit() == 0, "nothing was done on the host with the changed key");
        assertEquals(known.toString(), Files.readString(knownHosts), "accept-new never replaces a changed key");
    }

    @Test
    void unknownHostsAreRefusedUnlessNewKeysAreAccepted() throws Exception {
        Path knownHosts = tmp.resolve("empty_known_hosts");
        Files.writeString(knownHosts, "");
        Lab.Result refused = run("check", "--known-hosts", knownHosts.toString());
        assertEquals(1, refused.exit());
        assertTrue(host(refused, "p1a").get("unreachable_reason").asText().contains("not in " + knownHosts), refused.out());

        Lab.Result accepted = run("check", "--known-hosts", knownHosts.toString(), "--accept-new-host-keys");
        assertEquals(2, accepted.exit(), accepted.out());
        String recorded = Files.readString(knownHosts);
        for (String h : List.of("p1a", "p1b")) {
            String labLine = Files.readAllLines(Lab.KNOWN_HOSTS).stream().filter(l -> {
                try {
                    return l.startsWith(Lab.address(h) + " ");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }).findFirst().orElseThrow();
            assertTrue(recorded.contains(labLine.split(" ")[2]), "the recorded key of " + h + " is the host's real key");
        }
    }

    @Test
    void anUnreachableHostIsReportedWhileTheOthersComplete() throws Exception {
        String inv = Files.readString(Lab.INVENTORY)
                .replace("hosts:\n", "hosts:\n  ghost: {address: " + Lab.NET + ".9.9, user: root, identity: " + Lab.KEY + "}\n")
                .replace("ssh:\n", "ssh:\n  connect_timeout: 2\n");
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), inv);
        Lab.Result r = hastate("apply", "-i", inventory.toString(), "--states", states.toString(), "-l", "pair1,ghost",
                "--format", "json", "it");
        assertEquals(1, r.exit(), r.out() + r.err());
        JsonNode ghost = host(r, "ghost");
        assertFalse(ghost.get("reachable").asBoolean());
        assertTrue(ghost.get("unreachable_reason").asText().startsWith("cannot connect to root@" + Lab.NET + ".9.9:22"), ghost.toString());
        for (String h : List.of("p1a", "p1b")) {
            assertEquals(4, host(r, h).get("counts").get("changed").asInt());
            assertEquals(0, ssh(h, "test -f " + DIR + "/motd").exit());
        }
    }

    @Test
    void aConnectionKilledMidRunIsReportedAndTheRunGoesOn() throws Exception {
        Files.writeString(states.resolve("slow.yaml"), """
                slow:
                  cmd.run:
                    name: sleep 25
                    onlyif: test "$(hostname)" = p1a
                """);
        CompletableFuture<Lab.Result> apply = CompletableFuture.supplyAsync(() -> hastate("apply", "-i", Lab.INVENTORY.toString(),
                "--states", states.toString(), "-l", "pair1", "--no-rollout", "--format", "json", "slow"));
        String sessionPid = null;
        for (int i = 0; i < 200 && sessionPid == null; i++) {
            Thread.sleep(50);
            boolean sleeping = Lab.processes("p1a").stream().anyMatch(p -> p[1].equals("sleep 25"));
            if (sleeping) {
                sessionPid = Lab.processes("p1a").stream().filter(p -> p[1].startsWith("sshd: root@notty"))
                        .map(p -> p[0]).findFirst().orElse(null);
            }
        }
        assertTrue(sessionPid != null, "hastate's session on p1a was found");
        Lab.run(List.of("kill", "-9", sessionPid));
        Lab.Result r = apply.get(30, TimeUnit.SECONDS);
        assertEquals(1, r.exit(), r.out());
        assertTrue(host(r, "p1a").get("unreachable_reason").asText().contains("connection lost"), r.out());
        assertEquals("unchanged", state(host(r, "p1b"), "slow").get("status").asText(), "p1b's guard said no: nothing to run");
    }

    @Test
    void sshConfigSuppliesHostUserKeyAndAJumpHost() throws Exception {
        Path light = Lab.STATE.resolve("light/l001/sshd.log");
        long before = Files.readAllLines(light).stream().filter(l -> l.contains("Accepted publickey")).count();
        Path config = Files.writeString(tmp.resolve("ssh_config"), """
                Host jumpbox
                  HostName %s
                  User %s
                  IdentityFile %s
                Host target-a
                  HostName %s
                  User root
                  IdentityFile %s
                  ProxyJump jumpbox
                """.formatted(Lab.address("l001"), Lab.LIGHT_USER, Lab.KEY, Lab.address("p1a"), Lab.KEY));
        Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), """
                ssh: {known_hosts: %s, config: %s}
                hosts:
                  target-a: {}
                """.formatted(Lab.KNOWN_HOSTS, config));
        Lab.Result r = hastate("facts", "-i", inventory.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("p1a", JSON.readTree(r.out()).get("facts").get("target-a").get("hostname").asText(), "reached p1a as named by the config");
        long after = Files.readAllLines(light).stream().filter(l -> l.contains("Accepted publickey")).count();
        assertEquals(before + 1, after, "the connection went through the jump host l001");
    }

    @Test
    void anSshAgentSuppliesTheKeyWhenTheInventoryNamesNone() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 50 && !Files.exists(socket); i++) Thread.sleep(50);
            ProcessBuilder add = new ProcessBuilder("ssh-add", Lab.KEY.toString());
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertEquals(0, add.start().waitFor());
            Path inventory = Files.writeString(tmp.resolve("inventory.yaml"), """
                    ssh: {known_hosts: %s, config: /dev/null}
                    hosts:
                      p1a: {address: %s, user: root}
                    """.formatted(Lab.KNOWN_HOSTS, Lab.address("p1a")));
            // The real command as a user runs it, with the agent in its environment and no identity file;
            // only the agent holds a key the host accepts.
            Path jar = Lab.script().getParent().getParent().resolve("cli/target/hastate.jar");
            ProcessBuilder run = new ProcessBuilder("java", "-jar", jar.toString(), "facts", "-i", inventory.toString(), "--format", "json");
            run.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process p = run.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertEquals("p1a", JSON.readTree(out).get("facts").get("p1a").get("hostname").asText());
        } finally {
            agent.destroy();
        }
    }

    @Test
    void factsNameTheNetworkRenderer() throws Exception {
        Lab.Result plain = hastate("facts", "-i", Lab.INVENTORY.toString(), "-l", "p1b", "--format", "json");
        assertEquals("systemd-networkd", JSON.readTree(plain.out()).get("facts").get("p1b").get("renderer").asText(), plain.out());
        try {
            ssh("p1b", "mkdir -p /etc/netplan && printf 'network:\\n  version: 2\\n  renderer: networkd\\n' > /etc/netplan/50-hastate-test.yaml");
            Lab.Result netplan = hastate("facts", "-i", Lab.INVENTORY.toString(), "-l", "p1b", "--format", "json");
            assertEquals("netplan (networkd)", JSON.readTree(netplan.out()).get("facts").get("p1b").get("renderer").asText().strip());
        } finally {
            ssh("p1b", "rm -f /etc/netplan/50-hastate-test.yaml");
        }
    }

    @Test
    void aWriteCutShortByADroppedConnectionLeavesTheOldFile() throws Exception {
        ssh("p1a", "mkdir -p " + DIR + " && echo original > " + DIR + "/cut.conf");
        Inventory inv = new InventoryLoader().load(Lab.INVENTORY);
        SshConnector connector = new SshConnector(new SshSettings(Lab.KNOWN_HOSTS, false, null, Duration.ofSeconds(5), Duration.ofSeconds(30), 2));
        byte[] full = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        try (SshTransport t = connector.open(inv.host("p1a"), null, Backups.DEFAULT)) {
            // What the host sees when the connection drops mid-transfer: stdin ends early.
            AtomicWrite.Request write = AtomicWrite.request(DIR + "/cut.conf", FileAttributes.DEFAULT, Backups.DEFAULT, full);
            CommandResult r = t.run(write.script(), java.util.Arrays.copyOf(write.stdin(), 70_000));
            assertEquals(1, r.exitCode(), r.describe());
        }
        assertEquals("original\n", ssh("p1a", "cat " + DIR + "/cut.conf").out());
        assertEquals("cut.conf\n", ssh("p1a", "ls -A " + DIR).out(), "no temporary file left behind");
    }
}
