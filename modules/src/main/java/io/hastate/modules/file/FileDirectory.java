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

import java.util.ArrayList;
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
        List<Change> changes = new ArrayList<>();
        if (!current.exists()) {
            changes.add(Change.of("directory", "absent", "present"));
            String mode = FileArgs.mode(args);
            if (mode != null) changes.add(Change.of("mode", null, mode));
            if (args.has("user")) changes.add(Change.of("user", null, args.string("user")));
            if (args.has("group")) changes.add(Change.of("group", null, args.string("group")));
        } else {
            changes.addAll(FileArgs.attributeChanges(args, current));
        }
        return changes.isEmpty() ? Diff.none(args.name() + " is a directory with the declared attributes") : Diff.of("", changes);
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String p = Shell.quote(args.name());
        StringBuilder cmd = new StringBuilder("set -e; ");
        if (diff.has("directory")) cmd.append("mkdir -p -- ").append(p).append("; ");
        if (diff.has("mode")) cmd.append("chmod ").append(FileArgs.mode(args)).append(" -- ").append(p).append("; ");
        if (diff.has("user") || diff.has("group")) {
            String spec = (args.has("user") ? args.string("user") : "") + (args.has("group") ? ":" + args.string("group") : "");
            cmd.append("chown ").append(Shell.quote(spec)).append(" -- ").append(p).append("; ");
        }
        Commands.run(transport, cmd.toString());
        return "";
    }
}
