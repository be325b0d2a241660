package io.hastate.cli;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.load.YNode;
import io.hastate.core.load.YamlFiles;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Defaults for the commands' options, so that {@code hastate check} needs no flags in a project folder:
 * a {@code hastate.yaml} in the working folder or the nearest parent that has one, and {@code HASTATE_*}
 * variables. The command line wins, then the environment, then the file. A setting is an option's long
 * name without its dashes, with '_' for '-' ({@code known_hosts}, {@code HASTATE_KNOWN_HOSTS}); paths in
 * the file are relative to the file's folder.
 */
final class ProjectDefaults implements CommandLine.IDefaultValueProvider {
    static final String FILE = "hastate.yaml";
    private static final String PREFIX = "HASTATE_";

    private final Map<String, String> env;
    private final Path file;
    private final YNode.YMap settings;

    private ProjectDefaults(Map<String, String> env, Path file, YNode.YMap settings) {
        this.env = env;
        this.file = file;
        this.settings = settings;
    }

    /** The project file found from {@code workingDir} upwards (if any), checked against every option {@code cli} knows. */
    static ProjectDefaults find(CommandLine cli, Path workingDir, Map<String, String> env) {
        Optional<Path> file = nearest(workingDir.toAbsolutePath().normalize());
        TreeSet<String> known = new TreeSet<>();
        collect(cli, known);
        // Variables are not checked against the options: HASTATE_* also names the launcher's and the lab's own settings.
        if (file.isEmpty()) return new ProjectDefaults(env, null, null);
        YNode.YMap settings = YamlFiles.read(file.get()).asMap("");
        settings.onlyKeys("", known);
        settings.entries().values().forEach(e -> e.value().asScalar(e.key()));
        return new ProjectDefaults(env, file.get(), settings);
    }

    private static Optional<Path> nearest(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(FILE))) return Optional.of(d.resolve(FILE));
        }
        return Optional.empty();
    }

    private static void collect(CommandLine cli, TreeSet<String> known) {
        for (OptionSpec o : cli.getCommandSpec().options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            known.add(key(o));
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, known));
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "").replace('-', '_');
    }

    /** Where the defaults came from, for messages. */
    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o)) return null;
        String key = key(o);
        String fromEnv = env.get(PREFIX + key.toUpperCase(Locale.ROOT));
        if (fromEnv != null) return fromEnv;
        if (settings == null || !settings.has(key)) return null;
        YNode.YScalar value = settings.get(key).asScalar(key);
        if (value.isNull()) return null;
        boolean path = o.type() == Path.class || (o.auxiliaryTypes().length > 0 && o.auxiliaryTypes()[0] == Path.class);
        if (!path) return value.value();
        // An Ansible inventory keeps its prefix; its path is relative to this file too.
        String prefix = value.value().startsWith(InventoryLoader.ANSIBLE_PREFIX) ? InventoryLoader.ANSIBLE_PREFIX : "";
        return prefix + file.getParent().resolve(value.value().substring(prefix.length())).normalize();
    }
}
