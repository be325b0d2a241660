package io.hastate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check --out, then apply --plan: exactly what was reviewed, or nothing when a host changed since. */
class SavedPlanTest {
    @TempDir
    Path dir;
    Path inventory;
    Path states;
    Path plan;

    @BeforeEach
    void project() {
        inventory = Fixtures.write(dir, "inventory.yaml", "hosts:\n  box: {connection: local}\n");
        Fixtures.write(dir, "states/top.yaml", "box: [files]\n");
        Fixtures.write(dir, "states/files.yaml", """
                motd:
                  file.managed: {name: %s, content: "declared\\n"}
                issue:
                  file.managed: {name: %s, content: "declared\\n"}
                """.formatted(dir.resolve("motd"), dir.resolve("issue")));
        states = dir.resolve("states");
        plan = dir.resolve("plan.json");
    }

    private Run check() {
        return Run.of("check", "-i", inventory.toString(), "--states", states.toString(), "--out", plan.toString());
    }

    private Run applyPlan() {
        return Run.of("apply", "-i", inventory.toString(), "--states", states.toString(), "--plan", plan.toString());
    }

    @Test
    void aSavedPlanIsAppliedAsReviewed() throws Exception {
        Files.writeString(dir.resolve("issue"), "declared\n");
        assertEquals(2, check().exit());
        JsonNode saved = new ObjectMapper().readTree(plan.toFile());
        assertEquals("plan", saved.get("kind").asText());
        assertEquals("box", saved.get("hosts").get(0).get("name").asText());
        assertEquals(1, saved.get("hosts").get(0).get("changes").size(), "only motd would change: " + saved);
        assertEquals("motd", saved.get("hosts").get(0).get("changes").get(0).get("id").asText());
        assertEquals(64, saved.get("hosts").get(0).get("fingerprint").asText().length());

        Run applied = applyPlan();
        assertEquals(0, applied.exit(), applied.out() + applied.err());
        assertEquals("declared\n", Files.readString(dir.resolve("motd")));
        assertTrue(applied.out().contains("motd") && !applied.out().contains("issue"), "only the planned state ran: " + applied.out());
    }

    @Test
    void aPlanIsRefusedBeforeAnythingChangesWhenAHostChangedSince() throws Exception {
        assertEquals(2, check().exit());
        // Someone edits the host after the review: issue now already has other content.
        Files.writeString(dir.resolve("issue"), "edited by hand\n");

        Run refused = applyPlan();
        assertEquals(5, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("box changed since the plan was made") && refused.err().contains("nothing was changed"), refused.err());
        assertFalse(Files.exists(dir.resolve("motd")), "nothing was applied");
        assertEquals("edited by hand\n", Files.readString(dir.resolve("issue")));
    }

    @Test
    void confirmWithoutATerminalIsRefusedBeforeAnythingChanges() {
        Run r = Run.of("apply", "-i", inventory.toString(), "--states", states.toString(), "--confirm");
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("--confirm") && r.err().contains("terminal"), r.err());
        assertFalse(Files.exists(dir.resolve("motd")));
    }

    /** hastate in a JVM of its own on a pseudo-terminal (util-linux's script), answering {@code answer}. */
    private int onTerminal(String answer) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", javaBin, "-cp", System.getProperty("java.class.path"), "io.hastate.cli.Main", "apply",
                "-i", inventory.toString(), "--states", states.toString(), "--confirm");
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        // Answer once the question is on the terminal, not after a guessed pause.
        StringBuilder seen = new StringBuilder();
        java.io.InputStream out = p.getInputStream();
        for (int b; !seen.toString().contains("[y/N]") && (b = out.read()) >= 0; ) seen.append((char) b);
        p.getOutputStream().write((answer + "\n").getBytes());
        p.getOutputStream().flush();
        String shown = seen + new String(out.readAllBytes());
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(shown.contains("Apply these changes to 1 host(s)? [y/N]") && shown.contains("would change"), shown);
        return p.exitValue();
    }

    @Test
    @Tag("external")  // util-linux's script gives the run a terminal
    void confirmShowsTheChangesAndOnlyYesGoesOn() throws Exception {
        assertEquals(1, onTerminal("n"));
        assertFalse(Files.exists(dir.resolve("motd")), "no: nothing changed");
        assertEquals(0, onTerminal("y"));
        assertEquals("declared\n", Files.readString(dir.resolve("motd")));
    }

    @Test
    void aPlanNamesItsHostsAndIsCheckedAsInput() throws Exception {
        assertEquals(2, check().exit());
        assertEquals(3, Run.of("apply", "-i", inventory.toString(), "--states", states.toString(), "--plan", plan.toString(), "-l", "box").exit());
        Files.writeString(plan, "{\"kind\": \"something else\"}");
        Run bad = applyPlan();
        assertEquals(3, bad.exit());
        assertTrue(bad.err().contains("not a hastate plan"), bad.err());
    }

    /** A reviewed plan with cmd.run in one folder must not run in another: the arguments are part of the plan. */
    @Test
    void aPlanIsStaleWhenAStatesArgumentsOrASecretChangedSince() throws Exception {
        Path marker = dir.resolve("ran-in");
        inventory = Fixtures.write(dir, "inventory.yaml", "vars: {db_password: first-secret}\nhosts:\n  box: {connection: local}\n");
        Fixtures.write(dir, "states/files.yaml", """
                where:
                  cmd.run: {name: "pwd > %s", cwd: /tmp}
                conf:
                  file.managed: {name: %s, content: "password = {{db_password}}\\n"}
                """.formatted(marker, dir.resolve("app.conf")));
        assertEquals(2, check().exit());
        String saved = Files.readString(plan);
        assertFalse(saved.contains("first-secret"), "the secret is not in the plan: " + saved);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(plan)));

        Fixtures.write(dir, "states/files.yaml", Files.readString(dir.resolve("states/files.yaml")).replace("cwd: /tmp", "cwd: /etc"));
        Run moved = applyPlan();
        assertEquals(5, moved.exit(), moved.out() + moved.err());
        assertTrue(moved.err().contains("box's states were planned with other arguments"), moved.err());
        assertFalse(Files.exists(marker), "nothing ran");

        Fixtures.write(dir, "states/files.yaml", Files.readString(dir.resolve("states/files.yaml")).replace("cwd: /etc", "cwd: /tmp"));
        Fixtures.write(dir, "inventory.yaml", Files.readString(inventory).replace("first-secret", "second-secret"));
        Run rekeyed = applyPlan();
        assertEquals(5, rekeyed.exit(), rekeyed.out() + rekeyed.err());
        assertTrue(rekeyed.err().contains("a secret changed since the plan was made"), rekeyed.err());
        assertFalse(rekeyed.err().contains("second-secret"), rekeyed.err());
        assertFalse(Files.exists(marker), "nothing ran");

        Fixtures.write(dir, "inventory.yaml", Files.readString(inventory).replace("second-secret", "first-secret"));
        Run applied = applyPlan();
        assertEquals(0, applied.exit(), applied.out() + applied.err());
        assertEquals("/tmp", Files.readString(marker).strip(), "the plan ran where it was reviewed");
    }

    @Test
    void aLinkAtThePlansPathIsReplacedNotFollowed() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("not-the-plan"), "kept\n");
        Files.createSymbolicLink(plan, elsewhere);
        assertEquals(2, check().exit());
        assertEquals("kept\n", Files.readString(elsewhere));
        assertFalse(Files.isSymbolicLink(plan));
        assertTrue(Files.readString(plan).contains("\"kind\" : \"plan\""));
    }
}
