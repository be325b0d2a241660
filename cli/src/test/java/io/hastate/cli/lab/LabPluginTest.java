package io.hastate.cli.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.hastate.cli.lab.Lab.hastate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example third-party plugin, built on its own, loaded from its jar into a real run on a lab host. */
@Tag("lab")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LabPluginTest {
    @Test
    void theExamplePluginsFunctionRunsOnARealHost(@TempDir Path tmp) throws Exception {
        Path jars = Lab.script().getParent().getParent().resolve("examples/plugin/target");
        assertTrue(Files.isRegularFile(jars.resolve("hastate-line-plugin-1.0.0.jar")),
                "build the example first: mvn -f examples/plugin/pom.xml package (run-tests does)");
        Path file = Path.of("/tmp/hastate-plugin-motd-" + ProcessHandle.current().pid());
        Path states = Files.createDirectories(tmp.resolve("states"));
        Files.writeString(states.resolve("motd.yaml"), """
                motd:
                  line.present: {name: %s, line: "managed by hastate's line plugin"}
                """.formatted(file));
        assertEquals(0, Lab.sshLight("l001", "echo kept > " + file).exit());

        Lab.Result check = hastate("check", "-i", Lab.INVENTORY.toString(), "--states", states.toString(), "--modules", jars.toString(),
                "-l", "l001", "motd");
        assertEquals(2, check.exit(), check.out() + check.err());
        Lab.Result apply = hastate("apply", "-i", Lab.INVENTORY.toString(), "--states", states.toString(), "--modules", jars.toString(),
                "-l", "l001", "motd");
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals("kept\nmanaged by hastate's line plugin\n", Lab.sshLight("l001", "cat " + file).out());
        Lab.Result again = hastate("check", "-i", Lab.INVENTORY.toString(), "--states", states.toString(), "--modules", jars.toString(),
                "-l", "l001", "motd");
        assertEquals(0, again.exit(), again.out());
        Lab.sshLight("l001", "rm -f " + file);
    }
}
