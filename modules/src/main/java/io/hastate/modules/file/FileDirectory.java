package io.hastate.modules.file;

import io.hastate.core.module.Commands;

import io.hastate.core.facts.FactValues;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.Args;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.util.List;

/** {@code file.directory}: a directory (parents created as needed) with the declared mode, user and group. */
public final class FileDirectory extends StatFunction {
    @Override public String function() { return "directory"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(FileArgs.MODE_ARG, FileArgs.USER_ARG, FileArgs.GROUP_ARG);
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        FileState current = current(args, facts);
        if (current.exists() && current.kind() != FileState.Kind.DIRECTORY) {
            throw new IllegalStateException(args.name() + " exists but is a " + current.kind().name().toLowerCase());
        }
        Diff diff = current.exists() ? Diff.none("") : Diff.of("", Change.of("directory", "absent", "present")).with(new MakeDirectory());
        diff = diff.plus(FileArgs.attributes(args, current.exists() ? current : null));
        return diff.isEmpty() ? Diff.none(args.name() + " is a directory with the declared attributes") : diff;
    }

    /** apply creates the directory (and its parents). */
    record MakeDirectory() implements Diff.Action {}

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String p = Shell.quote(args.name());
        StringBuilder cmd = new StringBuilder("set -e; ");
        if (diff.decided(MakeDirectory.class)) cmd.append("mkdir -p -- ").append(p).append("; ");
        diff.optional(FileArgs.SetMode.class).ifPresent(m -> cmd.append("chmod ").append(m.mode()).append(" -- ").append(p).append("; "));
        diff.optional(FileArgs.SetOwner.class).ifPresent(o -> cmd.append("chown ").append(Shell.quote(o.spec())).append(" -- ").append(p).append("; "));
        Commands.run(transport, cmd.toString());
        return "";
    }
}
