package io.hastate.core.module;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.testing.PluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin jars found in folders at run time, wired through their own Guice modules. */
class PluginsTest {
    @TempDir
    Path dir;

    private final Location where = new Location("inventory.yaml", 0);

    @Test
    void aJarInAPluginFolderAddsItsFunctions() throws Exception {
        PluginJar.touchFunction(dir.resolve("plugins"), "demo");
        ModuleRegistry registry = Plugins.load(List.of(dir.resolve("plugins")), where);
        assertTrue(registry.find("demo.touch").isPresent(), registry.names().toString());
        assertEquals(List.of(), List.copyOf(Plugins.builtIn().functionsOf("demo")), "nothing leaks into the class path's registry");
    }

    @Test
    void twoFunctionsWithOneNameAreBadInputNamingBothJars() throws Exception {
        Path a = PluginJar.touchFunction(dir.resolve("a"), "demo");
        PluginJar.touchFunction(dir.resolve("a"), "demo", "other");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Plugins.load(List.of(a.getParent()), where));
        assertTrue(e.getMessage().contains("two state functions named demo.touch"), e.getMessage());
        assertTrue(e.getMessage().contains("demo-plugin.jar") && e.getMessage().contains("other-plugin.jar"), e.getMessage());
    }

    @Test
    void aMissingFolderOrABrokenJarIsBadInput() throws Exception {
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> Plugins.load(List.of(dir.resolve("nope")), where));
        assertTrue(missing.getMessage().contains("plugin folder " + dir.resolve("nope") + " does not exist"), missing.getMessage());

        PluginJar.build(dir.resolve("broken/x.jar"), List.of(), List.of(), PluginJar.GUICE_MODULES, "plugin.missing.Functions\n");
        InvalidInputException broken = assertThrows(InvalidInputException.class, () -> Plugins.load(List.of(dir.resolve("broken")), where));
        assertTrue(broken.getMessage().contains("could not be loaded"), broken.getMessage());
        assertTrue(broken.getMessage().startsWith("inventory.yaml"), broken.getMessage());
    }

    @Test
    void aJarWrittenAgainstTheSpiAddsItsFunctionBesideGuiceOnes() throws Exception {
        Path folder = dir.resolve("spi");
        PluginJar.spiTouchFunction(folder, "spi", "spi");
        PluginJar.touchFunction(folder, "guice");
        ModuleRegistry registry = Plugins.load(List.of(folder), where);
        assertTrue(registry.find("spi.touch").isPresent(), registry.names().toString());
        assertTrue(registry.find("guice.touch").isPresent(), registry.names().toString());
        assertEquals(List.of("mode"), registry.find("spi.touch").orElseThrow().args().stream().map(ArgSpec::name).toList());
    }

    @Test
    void anSpiFunctionNamedLikeAGuiceOneIsBadInputNamingBothJars() throws Exception {
        Path folder = dir.resolve("both");
        PluginJar.spiTouchFunction(folder, "demo", "spi");
        PluginJar.touchFunction(folder, "demo");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Plugins.load(List.of(folder), where));
        assertTrue(e.getMessage().contains("two state functions named demo.touch"), e.getMessage());
        assertTrue(e.getMessage().contains("demo-plugin.jar") && e.getMessage().contains("spi-spi-plugin.jar"), e.getMessage());
    }
}
