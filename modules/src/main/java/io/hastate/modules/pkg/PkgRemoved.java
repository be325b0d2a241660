package io.hastate.modules.pkg;

import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.module.Commands;

import java.util.ArrayList;
import java.util.List;

/** {@code pkg.removed}: packages are not installed. */
public final class PkgRemoved extends PackagesFunction {
    @Override public String function() { return "removed"; }

    @Override public List<ArgSpec> args() { return List.of(ArgSpec.list("pkgs")); }

    @Override
    public Diff check(Args args, FactValues facts) {
        Packages.Installed installed = installed(args, facts);
        List<Change> changes = new ArrayList<>();
        List<Diff.Action> actions = new ArrayList<>();
        installed.versions().forEach((pkg, version) -> {
            if (version == null) return;
            changes.add(Change.of(pkg, version, "removed"));
            actions.add(new Remove(pkg));
        });
        return changes.isEmpty() ? Diff.none(String.join(", ", installed.versions().keySet()) + " not installed") : new Diff(changes, "", actions);
    }

    /** apply removes the package. */
    record Remove(String pkg) implements Diff.Action {}

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String list = String.join(" ", diff.actions().stream().filter(Remove.class::isInstance).map(a -> Shell.quote(((Remove) a).pkg())).toList());
        Commands.run(transport, Packages.eitherManager("DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -- " + list,
                "dnf remove -y -q -- " + list));
        return "";
    }
}
