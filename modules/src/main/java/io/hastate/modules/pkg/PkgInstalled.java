package io.hastate.modules.pkg;

import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.UpgradesPackage;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.module.Commands;

import java.util.ArrayList;
import java.util.List;

/** {@code pkg.installed}: packages are installed (at {@code version} when given), with apt or dnf. */
public final class PkgInstalled extends PackagesFunction {
    @Override public String function() { return "installed"; }

    @Override public List<ArgSpec> args() { return Packages.args(); }

    @Override
    public Diff check(Args args, FactValues facts) {
        Packages.Installed installed = installed(args, facts);
        if (installed.manager().equals("none")) throw new IllegalStateException("no apt or dnf on this host");
        List<Change> changes = new ArrayList<>();
        List<Diff.Action> actions = new ArrayList<>();
        installed.versions().forEach((pkg, version) -> {
            String wanted = args.has("version") ? args.string("version") : "installed";
            if (version == null || (args.has("version") && !version.equals(wanted))) {
                changes.add(Change.of(pkg, version, wanted));
                actions.add(new Install(pkg));
                if (version != null) actions.add(new UpgradesPackage(pkg, version, wanted));
            }
        });
        if (!changes.isEmpty()) return new Diff(changes, "", actions);
        return Diff.none(String.join(", ", installed.versions().keySet()) + " installed ("
                + String.join(", ", installed.versions().values()) + ")");
    }

    /** apply installs the package (at the declared version, if one is). */
    record Install(String pkg) implements Diff.Action {}

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        List<String> apt = new ArrayList<>();
        List<String> dnf = new ArrayList<>();
        String v = args.has("version") ? args.string("version") : null;
        for (Diff.Action a : diff.actions()) {
            if (!(a instanceof Install install)) continue;
            apt.add(Shell.quote(v == null ? install.pkg() : install.pkg() + "=" + v));
            dnf.add(Shell.quote(v == null ? install.pkg() : install.pkg() + "-" + v));
        }
        Commands.run(transport, Packages.eitherManager(
                // A host whose package lists are stale or empty gets them refreshed once.
                "{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -- " + String.join(" ", apt)
                        + " || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -- "
                        + String.join(" ", apt) + "; }; }",
                "dnf install -y -q -- " + String.join(" ", dnf)));
        return "";
    }
}
