package io.hastate.ha.keepalived;

import io.hastate.core.module.ApplyException;
import io.hastate.core.transport.CommandResult;

import java.util.List;

/** Reads the outcome of {@code keepalived -t -f FILE}. */
final class ConfigTest {
    private ConfigTest() {}

    static void requirePassed(CommandResult test) throws ApplyException {
        if (test.exitCode() == 0) return;
        List<String> errors = test.stdoutText().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.equals("Terminated")).toList();
        // keepalived 2.2.7 (Debian 12) may end a valid test with "Terminated" and exit 143
        // (acassen/keepalived#2587, fixed in 2.2.8): without an error line, that is a pass.
        if (test.exitCode() == 143 && errors.stream().noneMatch(l -> l.contains("Line ") || l.toLowerCase().contains("error"))) return;
        throw new ApplyException("keepalived -t refused the new configuration (exit " + test.exitCode() + "); the live file was not touched: "
                + String.join("; ", errors));
    }
}
