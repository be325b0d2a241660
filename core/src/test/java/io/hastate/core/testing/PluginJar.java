package io.hastate.core.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds a real plugin jar from Java source at test time, the way a third party would ship one. */
public final class PluginJar {
    private PluginJar() {}

    /** A state function {@code MODULE.touch} that creates the file it names, in its own Guice module. */
    public static Path touchFunction(Path folder, String module) throws IOException {
        return touchFunction(folder, module, module);
    }

    /** As above, its classes in package {@code plugin.PKG}: two vendors' jars may define the same function name. */
    public static Path touchFunction(Path folder, String module, String pkgName) throws IOException {
        String pkg = "plugin." + pkgName;
        String function = """
                package %1$s;
                import io.hastate.core.facts.*;
                import io.hastate.core.model.*;
                import io.hastate.core.module.*;
                import io.hastate.core.transport.*;
                import java.util.List;
                public final class Touch implements StateFunction {
                    public String module() { return "%2$s"; }
                    public String function() { return "touch"; }
                    public List<ArgSpec> args() { return List.of(); }
                    static Fact<Boolean> exists(Args a) {
                        return new Fact<>("%2$s:" + a.name(), "test -e " + Shell.quote(a.name()) + "; echo $?",
                                (out, rc) -> out.strip().equals("0"), Scope.path(a.name()));
                    }
                    public List<Fact<?>> facts(Args a) { return List.of(exists(a)); }
                    public Diff check(Args a, FactValues f) {
                        return f.get(exists(a)) ? Diff.none("exists") : Diff.of("", Change.of("file", null, a.name()));
                    }
                    public String apply(Args a, Diff d, Transport t) throws ApplyException, TransportException {
                        if (!t.run("touch " + Shell.quote(a.name())).ok()) throw new ApplyException("touch failed");
                        return "";
                    }
                    public List<Scope> changes(Args a) { return List.of(Scope.path(a.name())); }
                }
                """.formatted(pkg, module);
        String guice = """
                package %s;
                public final class Functions extends io.hastate.core.module.StateFunctionModule {
                    protected void functions() { function(Touch.class); }
                }
                """.formatted(pkg);
        return build(folder.resolve(pkgName + "-plugin.jar"), List.of(pkg + ".Touch", pkg + ".Functions"), List.of(function, guice),
                GUICE_MODULES, pkg + ".Functions\n");
    }

    /** The services file of hastate's Guice-wired functions. */
    public static final String GUICE_MODULES = "io.hastate.core.module.StateFunctionModule";
    /** The services file of functions written against the plugin SPI. */
    public static final String SPI_FUNCTIONS = "io.hastate.spi.StateFunction";

    /**
     * {@code MODULE.touch} written against the plugin SPI alone, as a third party writes it: one class,
     * its arguments a record ({@code mode} optional), its fact a record.
     */
    public static Path spiTouchFunction(Path folder, String module, String pkgName) throws IOException {
        String pkg = "plugin." + pkgName;
        String function = """
                package %1$s;
                import io.hastate.spi.*;
                import java.util.List;
                public final class Touch implements StateFunction<Touch.Args> {
                    public record Args(String name, @Arg(optional = true) String mode) {
                        public Args {
                            if (!name.startsWith("/")) throw new IllegalArgumentException("name must be an absolute path");
                        }
                    }
                    record Exists(String path) implements Fact<Boolean> {
                        public String command() { return "test -e " + Shell.quote(path) + "; echo $?"; }
                        public Boolean parse(String out, int rc) { return out.strip().equals("0"); }
                        public String reads() { return path; }
                    }
                    public String name() { return "%2$s.touch"; }
                    public Class<Args> arguments() { return Args.class; }
                    public List<Fact<?>> facts(Args a) { return List.of(new Exists(a.name())); }
                    public Drift check(Args a, Facts f) {
                        return f.get(new Exists(a.name())) ? Drift.none("exists") : Drift.of(Drift.change("file", null, a.name()));
                    }
                    public void apply(Args a, Facts f, Drift d, Host host) throws ApplyFailed {
                        String mode = a.mode() == null ? "" : " && chmod " + Shell.quote(a.mode()) + " " + Shell.quote(a.name());
                        Result r = host.run("touch " + Shell.quote(a.name()) + mode);
                        if (!r.ok()) throw new ApplyFailed("touch failed: " + r.describe());
                    }
                    public List<String> alters(Args a) { return List.of(a.name()); }
                }
                """.formatted(pkg, module);
        return build(folder.resolve(pkgName + "-spi-plugin.jar"), List.of(pkg + ".Touch"), List.of(function), SPI_FUNCTIONS, pkg + ".Touch\n");
    }

    /**
     * Compiles {@code sources} (one class each, named in {@code classes}) against this class path into
     * {@code jar}, with {@code services} as its services file for the interface {@code servicesOf}.
     */
    public static Path build(Path jar, List<String> classes, List<String> sources, String servicesOf, String services) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        List<String> files = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            Path src = work.resolve(classes.get(i).replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, sources.get(i));
            files.add(src.toString());
        }
        Path out = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path")));
        args.addAll(files);
        if (!files.isEmpty() && javac.run(null, null, null, args.toArray(String[]::new)) != 0) throw new IllegalStateException("plugin source did not compile");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream zip = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new JarEntry(out.relativize(p).toString()));
                Files.copy(p, zip);
            }
            zip.putNextEntry(new JarEntry("META-INF/services/" + servicesOf));
            OutputStream o = zip;
            o.write(services.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}
