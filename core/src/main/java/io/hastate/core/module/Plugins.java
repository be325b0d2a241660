package io.hastate.core.module;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import io.hastate.core.load.TrustedFiles;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds every {@link StateFunctionModule} on the class path (hastate's own) and in the jars of plugin
 * folders, wires them with Guice, adds every plugin's {@link io.hastate.spi.StateFunction}, and builds the
 * registry. Two functions with one name, or a jar that
 * cannot be loaded, are bad input naming the jar.
 */
public final class Plugins {
    private static final TypeLiteral<Set<StateFunction>> FUNCTIONS = new TypeLiteral<>() {};

    private Plugins() {}

    /** The functions on hastate's own class path. */
    public static ModuleRegistry builtIn() {
        return load(List.of(), new Location("class path", 0));
    }

    /** The built-in functions plus those of every jar directly in {@code folders}. */
    public static ModuleRegistry load(List<Path> folders, Location where) {
        List<URL> jars = new ArrayList<>();
        for (Path folder : folders) jars.addAll(jarsIn(folder, where));
        ClassLoader parent = Plugins.class.getClassLoader();
        ClassLoader loader = jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
        List<com.google.inject.Module> modules = new ArrayList<>();
        // The set exists even when no jar contributes to it.
        modules.add(binder -> Multibinder.newSetBinder(binder, StateFunction.class));
        try {
            ServiceLoader.load(StateFunctionModule.class, loader).forEach(modules::add);
        } catch (ServiceConfigurationError e) {
            throw new InvalidInputException(where, "modules", "a plugin jar could not be loaded: " + e.getMessage());
        }
        Set<StateFunction> functions;
        try {
            functions = Guice.createInjector(modules).getInstance(Key.get(FUNCTIONS));
        } catch (CreationException e) {
            throw new InvalidInputException(where, "modules", "a plugin's Guice module failed: " + e.getErrorMessages().iterator().next().getMessage());
        }
        List<StateFunction> all = new ArrayList<>(functions);
        all.addAll(spiFunctions(loader, where));
        Map<String, String> origin = new HashMap<>();
        for (StateFunction f : all) {
            String from = source(f);
            String before = origin.put(f.qualifiedName(), from);
            if (before != null) {
                throw new InvalidInputException(where, "modules", "two state functions named " + f.qualifiedName() + ": in " + before + " and in " + from);
            }
        }
        return new ModuleRegistry(all);
    }

    /** The functions written against the plugin SPI, one class each. */
    private static List<StateFunction> spiFunctions(ClassLoader loader, Location where) {
        List<StateFunction> out = new ArrayList<>();
        try {
            for (io.hastate.spi.StateFunction<?> f : ServiceLoader.load(io.hastate.spi.StateFunction.class, loader)) {
                out.add(adapt(f));
            }
        } catch (ServiceConfigurationError e) {
            throw new InvalidInputException(where, "modules", "a plugin jar could not be loaded: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new InvalidInputException(where, "modules", "a plugin's state function is not usable: " + e.getMessage());
        }
        return out;
    }

    private static <A extends Record> StateFunction adapt(io.hastate.spi.StateFunction<A> f) {
        return new PluginFunction<>(f);
    }

    private static List<URL> jarsIn(Path folder, Location where) {
        if (!Files.isDirectory(folder)) throw new InvalidInputException(where, "modules", "plugin folder " + folder + " does not exist");
        // A jar is code this process runs: its folder, and the jar, must be ours alone.
        TrustedFiles.check(folder, "modules");
        try (Stream<Path> listed = Files.list(folder)) {
            List<URL> out = new ArrayList<>();
            for (Path jar : listed.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                TrustedFiles.check(jar, "modules");
                out.add(jar.toUri().toURL());
            }
            return out;
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar (or folder) a function's class came from, for messages. */
    private static String source(StateFunction f) {
        Class<?> type = f instanceof PluginFunction<?> p ? p.pluginClass() : f.getClass();
        var domain = type.getProtectionDomain();
        if (domain == null || domain.getCodeSource() == null) return type.getName();
        return Path.of(domain.getCodeSource().getLocation().getPath()).getFileName().toString();
    }
}
