package io.hastate.modules.sysctl;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.Scope;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.modules.file.FileFacts;
import io.hastate.modules.file.FileState;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code sysctl.present}: a kernel parameter has a value now (read from /proc/sys) and after a reboot
 * (a line in the one sysctl.d file hastate owns). Values compare the way the kernel prints them.
 */
public final class SysctlPresent implements StateFunction {
    public static final String DEFAULT_FILE = "/etc/sysctl.d/90-hastate.conf";
    private static final String HEADER = "# Managed by hastate: kernel parameters declared in sysctl.present states.\n";

    @Override public String module() { return "sysctl"; }

    @Override public String function() { return "present"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.string("value").mandatory()
                        .must((String v) -> !v.isBlank() && v.chars().noneMatch(c -> c == '\n' || c == ';' || c == '`' || c == '$'), "a plain value"),
                ArgSpec.bool("persist").orElse(true),
                ArgSpec.string("config").orElse(DEFAULT_FILE).must((String f) -> f.matches("/etc/sysctl\\.d/[A-Za-z0-9_][A-Za-z0-9._-]*\\.conf"),
                        "a .conf file directly in /etc/sysctl.d (letters, digits, . _ -)"));
    }

    @Override
    public void validate(Args args) {
        if (!SysctlKey.isValid(args.name())) {
            throw new IllegalArgumentException("'" + args.name() + "' is not a sysctl key (like net.ipv4.conf.all.rp_filter, "
                    + "or net/ipv4/conf/eth0.100/rp_filter when an interface name has dots)");
        }
    }

    private static final String SYSCTL = "sysctl";

    static Fact<String> live(SysctlKey key) {
        // cat, not the shell's read: read takes a byte at a time, and /proc/sys ends a read at an offset.
        return new Fact<>("sysctl:" + key.canonical(), "cat " + Shell.quote(key.procPath()), (out, rc) -> {
            if (rc != 0) throw new IllegalStateException("no kernel parameter " + key.written() + " (" + key.procPath() + " is missing)");
            return SysctlKey.normalize(out);
        }, Scope.key(SYSCTL, key.canonical()), new Fact.Joint(SysctlFactGroup.INSTANCE, key.procPath()));
    }

    @Override
    public List<Scope> changes(Args args) {
        String key = new SysctlKey(args.name()).canonical();
        // Writing a conf/all key also sets it on every interface (forwarding, for one).
        String live = key.matches("net/ipv[46]/conf/all/.*") ? key.substring(0, "net/ipv4/conf/".length()) + "*" : key;
        return List.of(Scope.path(args.string("config")), Scope.key(SYSCTL, live));
    }

    /** Without a write of the file, only the live value changed: the file need not be read again. */
    @Override
    public List<Scope> changed(Args args, Diff diff) {
        List<Scope> all = changes(args);
        return diff.decided(Persist.class) ? all : all.subList(1, all.size());
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        SysctlKey key = new SysctlKey(args.name());
        return args.bool("persist") ? List.of(live(key), FileFacts.withContent(args.string("config"))) : List.of(live(key));
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        SysctlKey key = new SysctlKey(args.name());
        String wanted = SysctlKey.normalize(args.string("value"));
        Diff diff = Diff.none("");
        String current = facts.get(live(key));
        // What is declared and differs is drift, whoever else sets the key: a tree declares only what it owns.
        if (!current.equals(wanted)) diff = diff.plus(Diff.of("", Change.of("live", current, wanted)).with(new SetLive()));
        if (args.bool("persist")) {
            String persisted = SysctlFile.valueOf(fileText(facts, args), key);
            if (!wanted.equals(persisted)) diff = diff.plus(Diff.of("", Change.of("persisted in " + args.string("config"), persisted, wanted)).with(new Persist()));
        }
        if (!diff.isEmpty()) return diff;
        return Diff.none(key.written() + " is already " + wanted + (args.bool("persist") ? " (live and persisted)" : " (live)"));
    }

    /** apply writes the value to the running kernel. */
    record SetLive() implements Diff.Action {}

    /** apply writes the value into the configuration file, keeping its other lines. */
    record Persist() implements Diff.Action {}

    private static String fileText(FactValues facts, Args args) {
        FileState f = facts.get(FileFacts.withContent(args.string("config")));
        return f.text() == null ? "" : f.text();
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) {
        throw new IllegalStateException("sysctl.present applies with the facts it checked");
    }

    @Override
    public String apply(Args args, FactValues facts, Diff diff, Transport transport) throws ApplyException, TransportException {
        return apply(args, facts, diff, transport, List.of());
    }

    /**
     * The file is written once for this state and the later ones that persist into it: each later state
     * then finds its line in place and only sets its live value.
     */
    @Override
    public String apply(Args args, FactValues facts, Diff diff, Transport transport, List<Args> later) throws ApplyException, TransportException {
        SysctlKey key = new SysctlKey(args.name());
        String value = SysctlKey.normalize(args.string("value"));
        if (diff.decided(SetLive.class)) {
            CommandResult r = transport.run("printf '%s\\n' " + Shell.quote(value) + " > " + Shell.quote(key.procPath()));
            if (!r.ok()) throw new ApplyException("setting " + key.written() + " failed: " + r.describe());
        }
        String config = args.string("config");
        if (diff.decided(Persist.class)) {
            String current = fileText(facts, args);
            String text = SysctlFile.withValue(current.isEmpty() ? HEADER : current, key, value);
            for (Args other : later) {
                if (other.bool("persist") && other.string("config").equals(config)) {
                    text = SysctlFile.withValue(text, new SysctlKey(other.name()), SysctlKey.normalize(other.string("value")));
                }
            }
            try {
                transport.writeFile(config, text.getBytes(StandardCharsets.UTF_8),
                        new FileAttributes("0644", null, null));
            } catch (FileWriteException e) {
                throw new ApplyException(e.getMessage());
            }
        }
        return "";
    }
}
