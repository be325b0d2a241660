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
import java.util.ArrayList;
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
        List<Change> changes = new ArrayList<>();
        if (!current.exists()) {
            changes.add(Change.of("file", "absent", "present"));
            changes.add(Change.of("content", null, wanted.length + " bytes").withDetail(TextDiff.unified(path, null, wanted)));
            String mode = FileArgs.mode(args);
            if (mode != null) changes.add(Change.of("mode", null, mode));
            if (args.has("user")) changes.add(Change.of("user", null, args.string("user")));
            if (args.has("group")) changes.add(Change.of("group", null, args.string("group")));
            return Diff.of("", changes);
        }
        if (!Arrays.equals(current.content(), wanted)) {
            changes.add(Change.of("content", current.content().length + " bytes", wanted.length + " bytes")
                    .withDetail(TextDiff.unified(path, current.content(), wanted)));
        }
        changes.addAll(FileArgs.attributeChanges(args, current));
        return changes.isEmpty() ? Diff.none(path + " already has the declared content and attributes") : Diff.of("", changes);
    }

    @Override
    public String apply(Args args, Diff diff, Transport transport) throws ApplyException, TransportException {
        String path = args.name();
        try {
            if (diff.has("file") || diff.has("content")) {
                if (args.bool("makedirs")) Commands.run(transport, "mkdir -p -- \"$(dirname -- " + Shell.quote(path) + ")\"");
                transport.writeFile(path, wanted(args), new FileAttributes(FileArgs.mode(args), args.string("user"), args.string("group")));
                return "";
            }
            if (diff.has("mode")) Commands.run(transport, "chmod " + FileArgs.mode(args) + " -- " + Shell.quote(path));
            if (diff.has("user") || diff.has("group")) {
                String spec = (args.has("user") ? args.string("user") : "") + (args.has("group") ? ":" + args.string("group") : "");
                Commands.run(transport, "chown " + Shell.quote(spec) + " -- " + Shell.quote(path));
            }
            return "";
        } catch (FileWriteException e) {
            throw new ApplyException(e.getMessage(), e);
        }
    }

}
