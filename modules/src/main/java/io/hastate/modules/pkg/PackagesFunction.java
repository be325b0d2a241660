package io.hastate.modules.pkg;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.module.Args;
import io.hastate.core.module.StateFunction;

import java.util.List;

/** A pkg function: decided by which of its packages are installed, at which version. */
abstract class PackagesFunction implements StateFunction {
    @Override public final String module() { return "pkg"; }

    @Override
    public final void validate(Args args) {
        Packages.validate(args);
    }

    @Override
    public final List<Fact<?>> facts(Args args) {
        return List.of(Packages.fact(Packages.names(args)));
    }

    static Packages.Installed installed(Args args, FactValues facts) {
        return facts.get(Packages.fact(Packages.names(args)));
    }
}
