package io.hastate.modules.network;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.SystemFacts;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.modules.file.FileFacts;
import io.hastate.modules.file.FileState;
import io.hastate.modules.file.TextDiff;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code network.unmanaged}: systemd-networkd leaves devices matching {@code name} (a Name= glob such
 * as {@code vrrp.*}) alone, so it never drops the VIPs keepalived puts on its VMAC or ipvlan. The
 * .network file sorts first (00-), and the first matching file wins.
 */
public final class Unmanaged implements StateFunction {
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.@*?-]{1,15}");

    @Override public String module() { return "network"; }

    @Override public String function() { return "unmanaged"; }

    @Override public List<ArgSpec> args() { return List.of(); }

    @Override
    public void validate(Args args) {
        if (!GLOB.matcher(args.name()).matches()) {
            throw new IllegalArgumentException("'" + args.name() + "' is not an interface name or glob (like vrrp.*)");
        }
    }

    static String path(Args args) {
        return UnmanagedFile.path(args.name());
    }

    static String content(Args args) {
        return UnmanagedFile.content(args.name());
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        return List.of(FileFacts.withContent(path(args)), SystemFacts.SYSTEMD_VERSION);
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        FileState f = facts.get(FileFacts.withContent(path(args)));
        byte[] wanted = content(args).getBytes(StandardCharsets.UTF_8);
        if (f.exists() && java.util.Arrays.equals(f.content(), wanted)) return Diff.none("networkd leaves " + args.name() + " unmanaged");
        return Diff.of("", Change.of(path(args), f.exists() ? "edited" : null, "Unmanaged=yes")
                .withDetail(TextDiff.unified(path(args), f.exists() ? f.content() : null, wanted)))
                .plus(Activation.diff(facts.get(SystemFacts.SYSTEMD_VERSION)));
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        try {
            transport.writeFile(path(args), content(args).getBytes(StandardCharsets.UTF_8), new FileAttributes("0644", null, null));
        } catch (FileWriteException e) {
            throw new ApplyException(e.getMessage());
        }
        Activation.run(diff, transport);
        return "";
    }
}
