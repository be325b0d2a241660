package io.hastate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hastate command end to end on this machine (connection: local), files under a temporary folder. */
class MainTest {
    @TempDir
    Path dir;

    String out;
    String err;
    Path inventory;
    Path target;

    int run(String... args) {
        Run r = Run.of(args);
        out = r.out();
        err = r.err();
        return r.exit();
    }

    @BeforeEach
    void tree() {
        target = dir.resolve("etc");
        inventory = Fixtures.write(dir, "inventory.yaml", """
                states: states
                vars:
                  root: %s
                  backup: %s
                  db_password: s3cr3t-value
                hosts:
                  me:
                    connection: local
                    vars: {hastate_backup_dir: %s}
                """.formatted(target, dir.resolve("backup"), dir.resolve("backup")));
        Fixtures.write(dir, "states/top.yaml", "'*': [app]\n");
        Fixtures.write(dir, "states/app.yaml", """
                conf-dir:
                  file.directory: {name: "{{root}}", mode: "0755"}
                conf:
                  file.managed:
                    name: "{{root}}/app.conf"
                    content: "password = {{db_password}}\\nhost = {{host.name}}\\n"
                    require: [conf-dir]
                """);
    }

    @Test
    void checkApplyCheckCycle() throws Exception {
        assertEquals(2, run("check", "-i", inventory.toString()), err);
        assertTrue(out.contains("would change file.managed"), out);
        assertFalse(Files.exists(target), "check changed nothing");
        assertFalse(out.contains("s3cr3t-value"), "secrets are masked: " + out);
        assertTrue(out.contains("password = ********"), out);

        assertEquals(0, run("apply", "-i", inventory.toString()), out + err);
        assertEquals("password = s3cr3t-value\nhost = me\n", Files.readString(target.resolve("app.conf")));
        assertTrue(out.contains("changed=2"), out);

        assertEquals(0, run("check", "-i", inventory.toString()), out + err);
        assertTrue(out.contains("all 2 states in sync"), out);

        Files.writeString(target.resolve("app.conf"), "edited by hand\n");
        assertEquals(2, run("check", "-i", inventory.toString(), "--format", "json"), err);
        JsonNode doc = new ObjectMapper().readTree(out);
        assertEquals(2, doc.get("exit_code").asInt());
        JsonNode conf = doc.get("hosts").get(0).get("states").get(1);
        assertEquals("would_change", conf.get("status").asText());
        assertTrue(conf.get("changes").get(0).get("diff").asText().contains("-edited by hand"));

        assertEquals(0, run("apply", "-i", inventory.toString()), out + err);
        try (var backups = Files.walk(dir.resolve("backup"))) {
            assertEquals(1, backups.filter(Files::isRegularFile).count(), "the hand-edited file was backed up before replacing it");
        }
    }

    @Test
    void namedStatesOverrideTheTopFile() {
        Fixtures.write(dir, "states/other.yaml", "only:\n  file.directory: {name: \"{{root}}/other\"}\n");
        assertEquals(2, run("check", "-i", inventory.toString(), "other"), err);
        assertTrue(out.contains("file.directory"), out);
        assertFalse(out.contains("file.managed"), out);
    }

    @Test
    void malformedInventoryIsOneLineWithFileAndLine() throws Exception {
        Files.writeString(inventory, "hosts:\n  me: {connection: local\n");
        assertEquals(3, run("check", "-i", inventory.toString()));
        assertTrue(err.startsWith("hastate: error: " + inventory + ":"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("\tat "), "no stack trace without --debug");
    }

    @Test
    void invalidStateStopsEverythingBeforeAnyChange() {
        Fixtures.write(dir, "states/app.yaml", """
                conf-dir:
                  file.directory: {name: "{{root}}"}
                bad:
                  file.managed:
                    name: "{{root}}/x"
                    content: x
                    mode: "999"
                """);
        assertEquals(3, run("apply", "-i", inventory.toString()));
        assertTrue(err.contains("app.yaml:7: bad.mode: must be an octal mode"), err);
        assertFalse(Files.exists(target), "nothing was applied");
    }

    @Test
    void badHaArgumentsAreRefusedAtLoadTimeWithFileAndLine() {
        Fixtures.write(dir, "states/app.yaml", """
                keepalived-config:
                  keepalived.config:
                    instances:
                      - {name: vi1, interface: "eth0;reboot", virtual_router_id: 51, priority: 100, vips: [10.0.0.1/32]}
                """);
        assertEquals(3, run("apply", "-i", inventory.toString()));
        assertTrue(err.contains("app.yaml:2: keepalived-config: instances[0].interface: 'eth0;reboot' is not a valid interface name"), err);
        Fixtures.write(dir, "states/app.yaml", """
                keepalived-config:
                  keepalived.config:
                    instances:
                      - {name: vi1, interface: eth0, virtual_router_id: 300, priority: 100, vips: [10.0.0.1/32]}
                """);
        assertEquals(3, run("check", "-i", inventory.toString()));
        assertTrue(err.contains("app.yaml:2: keepalived-config: instances[0].virtual_router_id: must be 1-255, got 300"), err);
    }

    @Test
    void undefinedVariableNamesTheHost() {
        Fixtures.write(dir, "states/app.yaml", "x:\n  file.directory: {name: \"{{nope}}\"}\n");
        assertEquals(3, run("check", "-i", inventory.toString()));
        assertTrue(err.contains("app.yaml:2: x.name: undefined variable 'nope' (host me)"), err);
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Files.writeString(inventory, "hosts: [\n");
        assertEquals(3, run("check", "-i", inventory.toString(), "--debug"));
        assertTrue(err.contains("\tat "), err);
    }

    @Test
    void badOptionsAreInvalidInput() {
        assertEquals(3, run("check", "-i", inventory.toString(), "--limit", "nosuch"));
        assertTrue(err.startsWith("hastate: error: command line: --limit: 'nosuch' matches nothing"), err);
        assertEquals(3, run("check", "-i", inventory.toString(), "--format", "xml"));
        assertEquals(3, run("facts", "-i", inventory.toString(), "--format", "xml"));
        assertEquals(3, run("doctor", "-i", inventory.toString(), "--format", "xml"));
        assertEquals(3, run("check", "--no-such-option"));
        assertEquals(3, run("check"), "missing -i");
        assertEquals(3, run("frobnicate"));
    }

    @Test
    void everyCommandsExitCodesAreCodesHastateDefinesAndIncludeInvalidInputAndInternalError() throws Exception {
        java.util.Set<Integer> defined = new java.util.HashSet<>();
        for (var f : io.hastate.core.report.ExitCodes.class.getFields()) {
            if (f.getType() == int.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) defined.add(f.getInt(null));
        }
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        for (var command : cli.getSubcommands().entrySet()) {
            if (command.getKey().equals("help")) continue;
            java.util.Set<Integer> listed = new java.util.TreeSet<>();
            for (String code : command.getValue().getCommandSpec().usageMessage().exitCodeList().keySet()) listed.add(Integer.parseInt(code.strip()));
            assertTrue(defined.containsAll(listed), command.getKey() + " lists a code ExitCodes does not define: " + listed);
            assertTrue(listed.containsAll(java.util.List.of(0, 3, 4)), command.getKey() + " says what 0, 3 and 4 mean: " + listed);
        }
        for (String run : java.util.List.of("check", "apply")) {
            assertTrue(cli.getSubcommands().get(run).getCommandSpec().usageMessage().exitCodeList().containsKey("130"), run + " can be interrupted");
        }
        assertTrue(cli.getSubcommands().get("apply").getCommandSpec().usageMessage().exitCodeList().containsKey("5"), "apply --plan can be stale");
        assertTrue(cli.getSubcommands().get("apply").getCommandSpec().usageMessage().exitCodeList().containsKey("2"),
                "apply exits 2 on a pair nobody serves, and when nothing was evaluated");
    }

    /** hastate --help lists each command by the first line of its description: a whole sentence, never cut. */
    @Test
    void everyCommandsSummaryIsAWholeSentence() {
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        for (var command : cli.getSubcommands().entrySet()) {
            String[] description = command.getValue().getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0 && description[0].strip().endsWith("."), command.getKey() + ": '" + String.join(" ", description) + "'");
        }
    }

    @Test
    void aTypoGetsASuggestionAndAnAnsibleHabitGetsWhatHastateDoesInstead() {
        assertEquals(3, run("chek", "-i", inventory.toString()));
        assertTrue(err.startsWith("hastate: unknown command 'chek'; did you mean check?"), err);
        assertEquals(3, run("check", "-i", inventory.toString(), "--limt", "me"));
        assertTrue(err.contains("did you mean --limit?"), err);
        assertEquals(3, run("apply", "-i", inventory.toString(), "--check", "--diff"));
        assertTrue(err.contains("hastate check is the dry run, and it always shows diffs"), err);
        assertEquals(1, err.split("dry run", -1).length - 1, "one hint for both habits: " + err);
        assertEquals(3, run("apply", "-i", inventory.toString(), "-e", "x=1"));
        assertTrue(err.contains("hastate takes no variables on the command line"), err);
    }

    @Test
    void theDoctorNeverSaysOkHavingExaminedNobody() {
        assertEquals(3, run("doctor", "-i", inventory.toString()));
        assertTrue(err.contains("the inventory has no pairs"), err);

        // Both nodes unreachable (nothing listens on loopback's port 1): not examined, not ok.
        Path unreachable = Fixtures.write(dir, "unreachable.yaml", """
                hosts:
                  n1: {address: 127.0.0.1, port: 1}
                  n2: {address: 127.0.0.1, port: 1}
                  other: {address: 127.0.0.1, port: 1}
                pairs:
                  web:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    vrrp: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.7/32]}
                """);
        assertEquals(1, run("doctor", "-i", unreachable.toString()));
        assertTrue(out.contains("not examined (its facts could not be read): n1, n2"), out);
        assertTrue(!out.contains("no risk found"), out);
        assertEquals(3, run("doctor", "-i", unreachable.toString(), "-l", "other"));
        assertTrue(err.contains("none of the 1 selected host(s) is a node of a pair"), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "apply", "doctor", "facts", "inventory"})
    void everyCommandHasHelpAndIsNamedWhenNoneIsGiven(String command) {
        assertEquals(0, run(command, "--help"));
        assertTrue(out.contains("Usage: hastate " + command), out);
        assertTrue(out.contains("-i, --inventory=FILE"), out);
        assertEquals(3, run());
        assertTrue(err.contains(command), err);
    }

    @Test
    void inventoryShowsMergedVarsWithSecretsMasked() {
        assertEquals(0, run("inventory", "-i", inventory.toString()));
        assertTrue(out.contains("me  local"), out);
        assertTrue(out.contains("db_password: ********"), out);
        assertTrue(out.contains("root: " + target), out);
    }

    @Test
    void factsReadThisMachine() throws Exception {
        assertEquals(0, run("facts", "-i", inventory.toString(), "--format", "json"));
        JsonNode me = new ObjectMapper().readTree(out).get("facts").get("me");
        assertEquals(new String(Files.readAllBytes(Path.of("/proc/sys/kernel/hostname"))).strip(), me.get("hostname").asText());
        assertTrue(me.get("kernel").asText().matches("\\d+\\..*"), me.toString());
        assertEquals("facts", new ObjectMapper().readTree(out).get("mode").asText(), "a read is not called a check");
        assertEquals(0, run("facts", "-i", inventory.toString()));
        assertTrue(out.contains("RECAP (facts)") && !out.contains("RECAP (check)"), out);
    }

    @Test
    void theHelpNamesEveryCommandEveryVersionIsHastatesAndInventoryOffersNoConnectionOptions() {
        assertEquals(3, run());
        for (String command : List.of("check", "apply", "doctor", "watch", "history", "facts", "inventory", "import", "handover", "drain", "undrain", "completion", "man")) {
            assertTrue(err.contains(command), "bare hastate names " + command + ": " + err);
        }
        assertEquals(0, run("check", "--version"));
        assertTrue(out.startsWith("hastate "), out);
        assertEquals(0, run("inventory", "--help"));
        for (String unused : List.of("--ssh-config", "--known-hosts", "--connection", "--connect-timeout", "--accept-new-host-keys", "--quiet")) {
            assertFalse(out.contains(unused), "inventory contacts no host: " + unused + " is not offered\n" + out);
        }
    }

    /** Secrets planted everywhere they could leak: the host's old file, a state, sudo_password_var, nested, --debug. */
    @Test
    void secretsAreMaskedByValueEverywhereInTextJsonAndDebugLogs() throws Exception {
        Path secretInv = Fixtures.write(dir, "secrets.yaml", """
                states: secret-states
                vars:
                  root: %s
                  app: {db: {password: N3stedVal}}
                  become_pw: Sud0Value
                hosts:
                  me:
                    connection: local
                    sudo: true
                    sudo_password_var: become_pw
                    vars: {hastate_backup_dir: %s}
                """.formatted(target, dir.resolve("backup")));
        Fixtures.write(dir, "secret-states/top.yaml", "'*': [app]\n");
        Fixtures.write(dir, "secret-states/app.yaml", """
                conf:
                  file.managed:
                    name: "{{root}}/keepalived.conf"
                    content: "vrrp_instance x {\\n  auth_pass In1ineP\\n}\\n# {{app.db.password}} {{become_pw}}\\n"
                """);
        Files.createDirectories(target);
        Files.writeString(target.resolve("keepalived.conf"), "vrrp_instance x {\n  auth_pass OldPass1\n}\n");
        List<String> planted = List.of("OldPass1", "In1ineP", "N3stedVal", "Sud0Value");
        for (String format : List.of("text", "json")) {
            run("check", "-i", secretInv.toString(), "--format", format, "--verbose");
            for (String s : planted) assertFalse((out + err).contains(s), format + " shows " + s + ":\n" + out + err);
            assertTrue(out.contains("auth_pass ********"), out);
        }
        run("inventory", "-i", secretInv.toString());
        for (String s : planted) assertFalse((out + err).contains(s), "inventory shows " + s + ":\n" + out);
        assertTrue(out.contains("app"), out);

        // The real main(): diagnostics (--debug) go through the same masking.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "check", "-i", secretInv.toString(), "--debug", "--verbose").redirectErrorStream(true).start();
        String all = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        assertTrue(all.contains("DEBUG"), "debug logging is on: " + all);
        for (String s : planted) assertFalse(all.contains(s), "--debug shows " + s + ":\n" + all);
    }

    /** Ctrl-C during apply: the states done so far are reported, and the exit code says interrupted. */
    @Test
    void anInterruptedApplyPrintsWhatItDidAndExits130() throws Exception {
        Path slowInv = Fixtures.write(dir, "slow.yaml", """
                states: slow-states
                vars: {root: %s}
                hosts:
                  me: {connection: local, vars: {hastate_backup_dir: %s}}
                """.formatted(target, dir.resolve("backup")));
        Fixtures.write(dir, "slow-states/top.yaml", "'*': [slow]\n");
        Fixtures.write(dir, "slow-states/slow.yaml", """
                first:
                  file.managed: {name: "{{root}}/first.conf", content: "done\\n"}
                slow:
                  cmd.run: {name: "sh -c 'echo $$ > {{root}}/slow.pid; exec sleep 30'", require: [first]}
                """);
        Files.createDirectories(target);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "apply", "-i", slowInv.toString()).start();
        Path slowPid = target.resolve("slow.pid");
        for (int i = 0; i < 100 && !(Files.exists(slowPid) && Files.size(slowPid) > 0); i++) Thread.sleep(100);
        long slow = Long.parseLong(Files.readString(slowPid).trim());
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "stopped");
        String stdout = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(130, p.exitValue(), stdout + stderr);
        assertTrue(stderr.contains("interrupted"), stderr);
        assertTrue(stdout.matches("(?s).*changed +file\\.managed .*first\\.conf.*"), stdout);
        assertTrue(stdout.contains("ok=0 changed=1 would_change=0 failed=0"), stdout);
        assertTrue(stdout.contains("(exit 130)"), stdout);
        // Killed with the run; gone once reaped.
        for (int i = 0; i < 50 && ProcessHandle.of(slow).map(ProcessHandle::isAlive).orElse(false); i++) Thread.sleep(100);
        assertFalse(ProcessHandle.of(slow).map(ProcessHandle::isAlive).orElse(false), "the command the run started is stopped on the host");
        Fixtures.write(dir, "quick-states/top.yaml", "'*': [quick]\n");
        Fixtures.write(dir, "quick-states/quick.yaml", "quick:\n  file.managed: {name: \"{{root}}/quick.conf\", content: \"done\\n\"}\n");
        assertEquals(0, run("apply", "-i", slowInv.toString(), "--states", dir.resolve("quick-states").toString()), "the host's lock went with the run: " + out + err);
    }

    @Test
    void optingOutOfThePairRolloutIsExplicitAndReported() {
        Path pairInventory = Fixtures.write(dir, "pair.yaml", """
                states: states
                vars: {db_password: pw, hastate_backup_dir: %s}
                hosts:
                  n1: {connection: local, vars: {root: %s/n1}}
                  n2: {connection: local, vars: {root: %s/n2}}
                pairs:
                  web:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: lo, vips: [192.0.2.10/32]}
                """.formatted(dir.resolve("backup"), target, target));
        // Applied; the pair is judged afterwards as check judges it: nobody runs keepalived here, so it is not serving.
        assertEquals(2, run("apply", "-i", pairInventory.toString(), "--no-rollout"), out + err);
        assertTrue(out.contains("web  rollout off (--no-rollout): n1 and n2 applied without a standby check"), out);
        assertTrue(out.contains("web  PROBLEM: keepalived runs on neither node"), out);
        int check = run("check", "-i", pairInventory.toString());
        assertEquals(2, check, "check gives the same verdict: " + out);
    }

    @Test
    void whatLoadingDecidedIsANoteAndAMissingTreeIsBlamedOnWhatNamedIt() {
        Path vipWithoutPrefix = Fixtures.write(dir, "noprefix.yaml", """
                hosts: {a: {connection: local}, b: {connection: local}}
                pairs:
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: lo, vips: [192.0.2.10]}
                """);
        assertEquals(0, run("inventory", "-i", vipWithoutPrefix.toString()));
        assertTrue(err.contains("hastate: note: " + vipWithoutPrefix + ":5: pairs.web.vrrp.vips: 192.0.2.10 has no prefix length: taken as 192.0.2.10/32"), err);

        Path namesATree = Fixtures.write(dir, "tree.yaml", "states: no-such-tree\nhosts:\n  me: {connection: local}\n");
        assertEquals(3, run("check", "-i", namesATree.toString()));
        assertTrue(err.contains(namesATree + ": states: state tree folder ") && err.contains("no-such-tree does not exist (the inventory's states:"), err);
        assertFalse(err.contains("--states"), "not blamed on an option the user did not give: " + err);
    }
}
