package io.hastate.modules.file;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Scope;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;

import java.util.List;

/** A file function decided by what is at an absolute path (kind, mode, owner), not by its content. */
abstract class StatFunction implements StateFunction {
    @Override public final String module() { return "file"; }

    @Override
    public void validate(Args args) {
        FileArgs.requireAbsolute(args);
    }

    @Override
    public final List<Scope> changes(Args args) {
        return List.of(Scope.path(args.name()));
    }

    @Override
    public final List<Fact<?>> facts(Args args) {
        return List.of(FileFacts.stat(args.name()));
    }

    static FileState current(Args args, FactValues facts) {
        return facts.get(FileFacts.stat(args.name()));
    }
}
