package io.hastate.modules;

import io.hastate.core.module.Plugins;
import io.hastate.testkit.StateCases;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** Every case file in {@code cases/}, run by the test kit plugin authors use too. */
class ModuleCasesTest {
    @TestFactory
    Stream<DynamicNode> cases() {
        return StateCases.in("cases", Plugins.builtIn());
    }
}
