package io.hastate.modules.network;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.SystemFacts;
import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.Names;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.module.Commands;
import io.hastate.core.transport.Shell;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * {@code network.keep_configuration}: systemd-networkd keeps addresses it did not configure (the VIPs)
 * on an interface when it restarts or reconfigures it. A drop-in next to the interface's .network
 * file (its own or netplan's) sets {@code KeepConfiguration=}, taken in as {@link Activation} says.
 * Interfaces networkd does not manage need nothing.
 */
public final class KeepConfiguration implements StateFunction {
    static final String DROP_IN = "50-hastate-keep-configuration.conf";

    @Override public String module() { return "network"; }

    @Override public String function() { return "keep_configuration"; }

    @Override
    public List<ArgSpec> args() {
        // "yes" protects IPv4 and IPv6 VIPs alike; "static" misses IPv6 VIPs keepalived adds as deprecated.
        return List.of(ArgSpec.string("value").orElse("yes").must((String v) -> Set.of("yes", "static").contains(v), "yes or static"));
    }

    @Override
    public void validate(Args args) {
        if (!Names.isInterfaceName(args.name())) throw new IllegalArgumentException("'" + args.name() + "' is not an interface name");
    }

    static Fact<NetworkdLink> link(Args args) {
        return NetworkdLink.fact(args.name(), DROP_IN);
    }

    static String content(Args args) {
        return "# Managed by hastate: keep keepalived's VIPs when networkd reconfigures " + args.name() + ".\n"
                + "[Network]\nKeepConfiguration=" + args.string("value") + "\n";
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        return List.of(link(args), SystemFacts.SYSTEMD_VERSION);
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        NetworkdLink link = facts.get(link(args));
        if (!link.networkdActive()) return Diff.none("systemd-networkd is not running: it cannot remove addresses from " + args.name());
        if (!link.managed()) return Diff.none("systemd-networkd does not manage " + args.name() + " (" + link.setup() + ")");
        String wanted = content(args);
        String now = link.dropIn();
        if (wanted.equals(now)) return Diff.none(args.name() + " keeps foreign addresses (KeepConfiguration=" + args.string("value")
                + " for " + link.networkFile() + ")");
        return Diff.of("", Change.of("KeepConfiguration for " + link.networkFile(), now == null ? null : "edited", args.string("value")))
                .plus(Activation.diff(facts.get(SystemFacts.SYSTEMD_VERSION)))
                .with(new WriteDropIn(NetworkdLink.dropInPath(link.networkFile(), DROP_IN)));
    }

    /** The drop-in to write, next to the .network file networkd uses for the interface. */
    record WriteDropIn(String path) implements Diff.Action {}

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String dropIn = diff.action(WriteDropIn.class).path();
        try {
            Commands.run(transport, "mkdir -p -- " + Shell.quote(dropIn.substring(0, dropIn.lastIndexOf('/'))));
            transport.writeFile(dropIn, content(args).getBytes(StandardCharsets.UTF_8), new FileAttributes("0644", null, null));
        } catch (FileWriteException e) {
            throw new ApplyException(e.getMessage());
        }
        Activation.run(diff, transport);
        return "";
    }
}
