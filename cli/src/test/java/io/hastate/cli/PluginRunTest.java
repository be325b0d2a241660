package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import io.hastate.core.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A state function from a jar loaded at run time, used by states like any built-in one. */
class PluginRunTest {
    @TempDir
    Path dir;

    String out;
    String err;

    int run(String... args) {
        Run r = Run.of(args);
        out = r.out();
        err = r.err();
        return r.exit();
    }

    Path inventory(String extra) {
        Fixtures.write(dir, "states/top.yaml", "'*': [app]\n");
        Fixtures.write(dir, "states/app.yaml", "marker:\n  demo.touch: {name: \"" + dir.resolve("made") + "\"}\n");
        return Fixtures.write(dir, "inventory.yaml", extra + "states: states\nhosts:\n  me: {connection: local}\n");
    }

    @Test
    void aPluginFolderOnTheCommandLineOrInTheInventoryAddsStateFunctions() throws Exception {
        PluginJar.spiTouchFunction(dir.resolve("plugins"), "demo", "demo");
        Path plain = inventory("");
        assertEquals(3, run("check", "-i", plain.toString()), out + err);
        assertTrue(err.contains("unknown module 'demo'"), err);

        assertEquals(2, run("check", "-i", plain.toString(), "--modules", dir.resolve("plugins").toString()), out + err);
        assertEquals(0, run("apply", "-i", plain.toString(), "--modules", dir.resolve("plugins").toString()), out + err);
        assertTrue(Files.exists(dir.resolve("made")), out);

        Path withModules = inventory("modules: [plugins]\n");
        assertEquals(0, run("check", "-i", withModules.toString()), out + err);
        assertTrue(out.contains("all 1 states in sync"), out);
    }
}
