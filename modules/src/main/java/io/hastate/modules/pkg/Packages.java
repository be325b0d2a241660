package io.hastate.modules.pkg;

import io.hastate.core.facts.Fact;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.transport.Shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Which package manager a host has and which of some packages are installed, in one command. */
public final class Packages {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+._-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+~:_-]+");

    /** {@code manager} is apt, dnf or none; {@code versions} maps each package to its installed version or null. */
    public record Installed(String manager, Map<String, String> versions) {}

    private Packages() {}

    static List<ArgSpec> args() {
        return List.of(ArgSpec.list("pkgs"), ArgSpec.string("version").must((String v) -> VERSION.matcher(v).matches(), "a package version"));
    }

    /** The packages a state names: {@code pkgs}, or its name. */
    static List<String> names(Args args) {
        List<String> out = new ArrayList<>();
        if (args.has("pkgs")) for (Object o : args.list("pkgs")) out.add(String.valueOf(o));
        else out.add(args.name());
        return out;
    }

    static void validate(Args args) {
        for (String n : names(args)) {
            if (!NAME.matcher(n).matches()) throw new IllegalArgumentException("'" + n + "' is not a package name");
        }
        if (args.has("version") && args.has("pkgs")) throw new IllegalArgumentException("version goes with a single package (name), not pkgs");
    }

    /** One command that runs the apt or the dnf variant, whichever the host has. */
    static String eitherManager(String apt, String dnf) {
        return "if command -v apt-get >/dev/null 2>&1; then " + apt + "; else " + dnf + "; fi";
    }

    public static Fact<Installed> fact(List<String> names) {
        String list = String.join(" ", names.stream().map(Shell::quote).toList());
        String command = "if command -v dpkg-query >/dev/null 2>&1; then echo apt; for p in " + list + "; do "
                + "dpkg-query -W -f='${Package} ${db:Status-Abbrev} ${Version}\\n' \"$p\" 2>/dev/null || echo \"$p -- -\"; done; "
                + "elif command -v rpm >/dev/null 2>&1; then echo dnf; for p in " + list + "; do "
                + "rpm -q --qf '%{NAME} ii %{VERSION}-%{RELEASE}\\n' \"$p\" 2>/dev/null || echo \"$p -- -\"; done; "
                + "else echo none; fi";
        return new Fact<>("pkg:" + String.join(",", names), command, (out, rc) -> parse(names, out));
    }

    static Installed parse(List<String> names, String out) {
        String[] lines = out.split("\n");
        String manager = lines[0].strip();
        Map<String, String> versions = new LinkedHashMap<>();
        for (String n : names) versions.put(n, null);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].strip().split("\\s+");
            if (f.length >= 3 && versions.containsKey(f[0]) && f[1].startsWith("ii")) versions.put(f[0], f[f.length - 1]);
        }
        return new Installed(manager, versions);
    }
}
