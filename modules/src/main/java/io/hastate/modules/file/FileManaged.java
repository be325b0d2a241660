package io.hastate.modules.file;

import io.hastate.core.module.Commands;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Scope;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.ArgType;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;
import io.hastate.core.transport.FileAttributes;
import io.hastate.core.transport.FileWriteException;
import io.hastate.core.transport.Shell;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code file.managed}: a regular file with the declared content (inline {@code content}, or a mustache
 * {@code template} file next to the state file), mode, user and group. The old file is backed up first.
 */
public final class FileManaged implements StateFunction {
    @Override public String module() { return "file"; }

    @Override public String function() { return "managed"; }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.string("content"), ArgSpec.of("template", ArgType.TEMPLATE_FILE),
                FileArgs.MODE_ARG, FileArgs.USER_ARG, FileArgs.GROUP_ARG, ArgSpec.bool("makedirs").orElse(false));
    }

    @Override
    public void validate(Args args) {
        FileArgs.requireAbsolute(args);
        if (args.has("content") == args.has("template")) {
            throw new IllegalArgumentException("give exactly one of content or template");
        }
    }

    @Override
    public List<Scope> changes(Args args) {
        return List.of(Scope.path(args.name()));
    }

    @Override
    public List<Fact<?>> facts(Args args) {
        return List.of(FileFacts.withContent(args.name()));
    }

    private static byte[] wanted(Args args) {
        String text = args.has("content") ? args.string("content") : args.string("template");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Diff check(Args args, FactValues facts) {
        FileState current = facts.get(FileFacts.withContent(args.name()));
        byte[] wanted = wanted(args);
        String path = args.name();
        if (current.exists() && current.kind() != FileState.Kind.FILE) {
            throw new IllegalStateException(path + " is a " + current.kind().name().toLowerCase() + ", not a regular file");
        }
        if (!current.exists()) {
            Diff file = Diff.of("", Change.of("file", "absent", "present"),
                    Change.of("content", null, wanted.length + " bytes").withDetail(TextDiff.unified(path, null, wanted)));
            // The file is written with its attributes: their changes are shown, the write does them.
            return new Diff(file.plus(FileArgs.attributes(args, null)).changes(), "", List.of(new WriteFile()));
        }
        Diff diff = Diff.none("");
        if (!Arrays.equals(current.content(), wanted)) {
            diff = Diff.of("", Change.of("content", current.content().length + " bytes", wanted.length + " bytes")
                    .withDetail(TextDiff.unified(path, current.content(), wanted))).with(new WriteFile());
        }
        diff = diff.plus(FileArgs.attributes(args, current));
        return diff.isEmpty() ? Diff.none(path + " already has the declared content and attributes") : diff;
    }

    /** apply writes the declared content, with the declared attributes. */
    record WriteFile() implements Diff.Action {}

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String path = args.name();
        try {
            if (diff.decided(WriteFile.class)) {
                if (args.bool("makedirs")) Commands.run(transport, "mkdir -p -- \"$(dirname -- " + Shell.quote(path) + ")\"");
                transport.writeFile(path, wanted(args), new FileAttributes(FileArgs.mode(args), args.string("user"), args.string("group")));
                return "";
            }
            if (diff.decided(FileArgs.SetMode.class)) {
                Commands.run(transport, "chmod " + diff.action(FileArgs.SetMode.class).mode() + " -- " + Shell.quote(path));
            }
            if (diff.decided(FileArgs.SetOwner.class)) {
                Commands.run(transport, "chown " + Shell.quote(diff.action(FileArgs.SetOwner.class).spec()) + " -- " + Shell.quote(path));
            }
            return "";
        } catch (FileWriteException e) {
            throw new ApplyException(e.getMessage(), e);
        }
    }

}
