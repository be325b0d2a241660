package io.hastate.cli.lab;

import io.hastate.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The running lab (started by {@code lab/lab up}), seen from the tests: the hastate command, and
 * OpenSSH's own client to look at hosts independently of hastate.
 */
public final class Lab {
    /**
     * Which lab this JVM uses: the suite runs one lab per Surefire fork (fork N uses lab N-1, each with
     * its own names, LAN and state, as {@code HASTATE_LAB_ID} gives lab/lab); alone, the default lab 0.
     */
    public static final int ID = labId();
    private static final String TAG = ID == 0 ? "" : String.valueOf(ID);
    /** The lab LAN's first two octets (10.77 for lab 0): hosts, VIPs (NET.100.P) and the controller (NET.0.1). */
    public static final String NET = "10." + (77 + ID);
    /** The prefix of the lab's network namespaces: NS + host name is a host's. */
    public static final String NS = "hl" + TAG + "-";
    public static final String LIGHT_USER = "hastate-lab" + TAG;
    public static final Path STATE = Path.of(System.getenv().getOrDefault("HASTATE_LAB_STATE", "/var/lib/hastate-lab" + (ID == 0 ? "" : "-" + ID)));
    public static final Path INVENTORY = STATE.resolve("inventory.yaml");
    public static final Path KEY = STATE.resolve("id_ed25519");
    public static final Path KNOWN_HOSTS = STATE.resolve("known_hosts");

    private Lab() {}

    private static int labId() {
        String fork = System.getProperty("hastate.lab.fork", "");
        if (fork.matches("[1-9]")) return Integer.parseInt(fork) - 1;
        String id = System.getenv().getOrDefault("HASTATE_LAB_ID", "0");
        return id.matches("[0-9]") ? Integer.parseInt(id) : 0;
    }

    public static void requireRunning() {
        if (!Files.isRegularFile(INVENTORY)) {
            throw new IllegalStateException("the lab is not running: start it with 'lab/lab up' (or run ./run-tests)");
        }
    }

    /** The address the lab gave a host, read from its inventory line. */
    public static String address(String host) throws IOException {
        for (String line : Files.readAllLines(INVENTORY)) {
            String t = line.strip();
            if (t.startsWith(host + ": {address: ")) return t.substring(t.indexOf("address: ") + 9, t.indexOf(','));
        }
        throw new IllegalArgumentException("no lab host " + host);
    }

    public record Result(int exit, String out, String err) {}

    /** The doctor's findings in a JSON report, as "RULE host". */
    public static List<String> findings(Result r) throws IOException {
        List<String> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode f : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("findings")) {
            out.add(f.get("rule").asText() + " " + f.get("host").asText());
        }
        return out;
    }

    /** The repository's lab script, found from the test's working folder (a module folder). */
    public static Path script() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("lab/lab"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("lab/lab not found above " + Path.of("").toAbsolutePath());
        return dir.resolve("lab/lab");
    }

    /** The repository's state trees. */
    public static Path states() {
        return script().getParent().getParent().resolve("states");
    }

    /** {@code dir} made, holding the HA tree's files except init.yaml, which the caller writes changed. */
    public static Path haTreeBesideInit(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(states().resolve("ha"))) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("init.yaml")) Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /** Waits up to {@code seconds} for {@code host} to hold {@code cidr}; whether it does. */
    public static boolean awaitAddress(String host, String cidr, int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            if (addresses(host).contains(cidr)) return true;
            Thread.sleep(100);
        }
        return addresses(host).contains(cidr);
    }

    /**
     * A fresh lab of {@code pairs} pairs protected by ifupdown, the HA tree applied and each pair's
     * VIP on its MASTER; returns the inventory, written into {@code dir}.
     */
    public static Path haPairs(Path dir, int pairs) throws Exception {
        restart(pairs, 2);
        String[] protections = new String[pairs];
        java.util.Arrays.fill(protections, "ifupdown");
        Path inventory = inventoryWithProtections(Files.createDirectories(dir), protections);
        Result r = hastate("apply", "-i", inventory.toString(), "--states", states().toString(), "-l", "full", "ha");
        if (r.exit() != 0) throw new IllegalStateException("applying the HA tree failed: " + r.out());
        for (int p = 1; p <= pairs; p++) awaitAddress("p" + p + "a", NET + ".100." + p + "/32", 8);
        return inventory;
    }

    /** The second LAN's subnet (lab/lab lan2): hosts' eth1 at .1, .2, ... in the order of the pairs' nodes. */
    public static final String LAN2 = NET + ".240.";

    /**
     * A second LAN for the running lab's full hosts: each gets eth1 on it, configured by networkd as an
     * operator would (its own .network file), at LAN2 + its number.
     */
    public static void secondLan(List<String> hosts) throws Exception {
        Result lan2 = run(List.of(script().toString(), "lan2"), 60);
        if (lan2.exit() != 0) throw new IllegalStateException("lab lan2 failed: " + lan2.err());
        for (int n = 0; n < hosts.size(); n++) {
            String own = LAN2 + (n + 1);
            ssh(hosts.get(n), "printf '[Match]\\nName=eth1\\n\\n[Network]\\nAddress=" + own + "/24\\nLinkLocalAddressing=no\\nIPv6AcceptRA=no\\n'"
                    + " > /etc/systemd/network/20-eth1.network && networkctl reload");
            if (!awaitAddress(hosts.get(n), own + "/24", 10)) throw new IllegalStateException(hosts.get(n) + " has no " + own + " on eth1: " + addresses(hosts.get(n)));
        }
    }

    /** Restarts the lab with blank hosts: every test class that changes hosts starts from scratch. */
    public static void restart(int pairs, int light) throws Exception {
        Result r = run(List.of(script().toString(), "up", "--pairs", String.valueOf(pairs), "--light", String.valueOf(light)), 180);
        if (r.exit() != 0) throw new IllegalStateException("lab up failed: " + r.err());
    }

    /** As above, each pair of the given kind in order (bullseye, bookworm, trixie, each optionally +dhcp). */
    public static void restart(List<String> kinds, int light) throws Exception {
        Result r = run(List.of(script().toString(), "up", "--pairs", String.valueOf(kinds.size()), "--light", String.valueOf(light),
                "--kinds", String.join(",", kinds)), 600);
        if (r.exit() != 0) throw new IllegalStateException("lab up failed: " + r.err());
    }

    /**
     * The lab's hosts without its pairs: for tests of what any host gets (files, locks, timeouts), whose
     * apply should not also be judged on a pair the lab left blank (an apply reports a pair nobody serves).
     */
    public static Path hostsOnly() throws IOException {
        String text = Files.readString(INVENTORY);
        int pairs = text.indexOf("\npairs:");
        Path file = Files.createTempFile("hastate-lab-hosts-", ".yaml");
        file.toFile().deleteOnExit();
        return Files.writeString(file, pairs < 0 ? text : text.substring(0, pairs + 1));
    }

    /** The lab's inventory with each pair's protection replaced, in order of the pairs. */
    public static Path inventoryWithProtections(Path dir, String... protections) throws IOException {
        String text = Files.readString(INVENTORY);
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            if (line.strip().startsWith("protection: ") && n < protections.length) {
                line = line.substring(0, line.indexOf("protection: ")) + "protection: " + protections[n++];
            }
            out.append(line).append('\n');
        }
        return Files.writeString(dir.resolve("inventory.yaml"), out.toString());
    }

    public static Result hastate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** A command on a light host, as the unprivileged user its sshd runs as. */
    public static Result sshLight(String host, String command) throws Exception {
        return run(List.of("ssh", "-i", KEY.toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + KNOWN_HOSTS, "-o", "ConnectTimeout=5", LIGHT_USER + "@" + address(host), command));
    }

    /** Runs a command on a lab host as root with OpenSSH, not with hastate. */
    public static Result ssh(String host, String command) throws Exception {
        return run(List.of("ssh", "-i", KEY.toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + KNOWN_HOSTS, "-o", "ConnectTimeout=5", "root@" + address(host), command));
    }

    /**
     * keepalived's VRRP state changes on {@code host} since {@code since} (epoch seconds), from its
     * journal; {@code state} narrows them to one state (MASTER, BACKUP, FAULT), null counts all.
     * keepalived writes "(NAME) Entering MASTER STATE" but "(NAME) entering FAULT state", the latter
     * after a "(NAME): entering FAULT state (reason)" line that is the same change.
     */
    public static int vrrpTransitions(String host, long since, String state) throws Exception {
        String which = state == null ? "[A-Za-z]+" : "(" + state + "|" + state.toLowerCase() + ")";
        Result r = ssh(host, "journalctl -u keepalived --since @" + since + " --no-pager -o cat"
                + " | grep -cE '\\) [Ee]ntering " + which + " (STATE|state)' || true");
        if (!r.out().strip().matches("\\d+")) {
            throw new IllegalStateException(host + ": keepalived's journal could not be read (exit " + r.exit() + "): " + r.err().strip());
        }
        return Integer.parseInt(r.out().strip());
    }

    /** Waits up to {@code seconds} for keepalived on {@code host} to enter {@code state} after {@code since} (epoch seconds). */
    public static boolean awaitVrrpState(String host, long since, String state, int seconds) throws Exception {
        for (int i = 0; i < seconds * 5; i++) {
            if (vrrpTransitions(host, since, state) > 0) return true;
            Thread.sleep(200);
        }
        return vrrpTransitions(host, since, state) > 0;
    }

    public static Result run(List<String> command) throws Exception {
        return run(command, 60);
    }

    public static Result run(List<String> command, int timeoutSeconds) throws Exception {
        ProcessBuilder b = new ProcessBuilder(new ArrayList<>(command));
        b.environment().put("HASTATE_LAB_ID", String.valueOf(ID));
        Process p = b.start();
        p.getOutputStream().close();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A host's addresses as its own kernel reports them (the host's network namespace, read from here). */
    public static String addresses(String host) throws Exception {
        return run(List.of("ip", "-n", NS + host, "-br", "addr")).out();
    }

    /** Processes of a lab host (all of a full host's container), with their command lines. */
    public static List<String[]> processes(String host) throws Exception {
        Result pids = run(List.of("ip", "netns", "pids", NS + host));
        List<String[]> out = new ArrayList<>();
        for (String pid : pids.out().split("\\s+")) {
            if (pid.isBlank()) continue;
            try {
                String cmd = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ').strip();
                out.add(new String[] {pid, cmd});
            } catch (IOException gone) {
                // exited meanwhile
            }
        }
        return out;
    }
}
