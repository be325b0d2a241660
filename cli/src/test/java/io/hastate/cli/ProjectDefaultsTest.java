package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** hastate.yaml and HASTATE_* variables: a project folder needs no flags. */
class ProjectDefaultsTest {
    @TempDir
    Path project;

    @BeforeEach
    void aProject() throws Exception {
        for (String name : new String[] {"inventory.yaml", "other.yaml"}) {
            Fixtures.write(project, "inv/" + name, "hosts:\n  " + name.replace(".yaml", "") + ": {connection: local}\n");
        }
        Fixtures.write(project, "states/top.yaml", "'*': [marker]\n");
        Fixtures.write(project, "states/marker.yaml", "marker:\n  file.managed: {name: %s, content: \"x\\n\"}\n".formatted(project.resolve("marker")));
        Files.writeString(project.resolve("marker"), "x\n");
        Fixtures.write(project, "hastate.yaml", "inventory: inv/inventory.yaml\nstates: states\nforks: 3\n");
        Files.createDirectories(project.resolve("deep/er"));
    }

    @Test
    void checkNeedsNoFlagsInTheProjectFolderOrBelowIt() {
        Run r = Run.in(project.resolve("deep/er"), Map.of(), "check");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("== inventory") || r.out().contains("inventory  ok=1"), r.out());
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheCommandLineOverridesBoth() {
        Run fromEnv = Run.in(project, Map.of("HASTATE_INVENTORY", project.resolve("inv/other.yaml").toString()), "check");
        assertEquals(0, fromEnv.exit(), fromEnv.err());
        assertTrue(fromEnv.out().contains("other"), fromEnv.out());
        assertTrue(!fromEnv.out().contains("inventory  ok"), fromEnv.out());

        Run fromFlag = Run.in(project, Map.of("HASTATE_INVENTORY", project.resolve("inv/other.yaml").toString()),
                "check", "-i", project.resolve("inv/inventory.yaml").toString());
        assertTrue(fromFlag.out().contains("inventory  ok=1"), fromFlag.out());
    }

    @Test
    void anAnsibleInventoryInTheProjectFileIsRelativeToItToo() throws Exception {
        Fixtures.write(project, "ansible/hosts.ini", "[here]\nlocalbox ansible_connection=local\n");
        Files.writeString(project.resolve("hastate.yaml"), "inventory: ansible:ansible/hosts.ini\nstates: states\n");
        Run r = Run.in(project.resolve("deep"), Map.of(), "check");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("localbox  ok=1"), r.out());
    }

    @Test
    void anUnknownSettingIsBadInputNamingItsLine() throws Exception {
        Files.writeString(project.resolve("hastate.yaml"), "inventory: inv/inventory.yaml\ninventroy: typo.yaml\n");
        Run r = Run.in(project, Map.of(), "check");
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("hastate.yaml:2") && r.err().contains("inventroy"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aVariableNamingNoOptionIsLeftToWhoeverSetIt() {
        Run r = Run.in(project, Map.of("HASTATE_JAVA_OPTS", "-Xmx64m"), "check");
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void aProjectFileOthersMayWriteIsNotObeyed() throws Exception {
        Files.setPosixFilePermissions(project.resolve("hastate.yaml"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        Run r = Run.in(project.resolve("deep/er"), Map.of(), "check");
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("hastate.yaml") && r.err().contains("is writable by every user"), r.err());
    }

    @Test
    void withoutAnyInventoryTheMessageSaysWhereOneCanBeGiven(@TempDir Path elsewhere) {
        Run r = Run.in(elsewhere, Map.of(), "check");
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("HASTATE_INVENTORY") && r.err().contains("hastate.yaml"), r.err());
    }
}
