package io.hastate.modules.file;

import io.hastate.core.module.Commands;

import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.transport.AtomicWrite;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.util.List;

/** {@code file.absent}: nothing at the path. What was there is copied to the backup directory first. */
public final class FileAbsent extends StatFunction {
    @Override public String function() { return "absent"; }

    @Override public List<ArgSpec> args() { return List.of(); }

    @Override
    public Diff check(Args args, FactValues facts) {
        FileState current = current(args, facts);
        if (!current.exists()) return Diff.none(args.name() + " is already absent");
        return Diff.of("", Change.of(current.kind().name().toLowerCase(), "present", "absent"));
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String backup = transport.backups().script(args.name(), AtomicWrite.stamp());
        Commands.run(transport, "set -e\numask 077\np=" + Shell.quote(args.name()) + "\n" + backup + "rm -rf -- \"$p\"");
        return "";
    }
}
