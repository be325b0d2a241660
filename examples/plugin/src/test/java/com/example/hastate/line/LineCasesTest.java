package com.example.hastate.line;

import io.hastate.core.module.Plugins;
import io.hastate.testkit.StateCases;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The plugin's cases, run by hastate's test kit against the functions found on this class path. */
class LineCasesTest {
    @TestFactory
    Stream<DynamicNode> cases() {
        return StateCases.in("cases", Plugins.builtIn());
    }
}
