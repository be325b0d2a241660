package io.hastate.core.testing;

import io.hastate.core.transport.CommandResult;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The host side of {@link KvFunction}: a key-value store answering get/set/restart on a {@link FakeTransport}. */
public final class KvHost {
    /** A stored value that makes the fact parser fail, as garbage output from a host would. */
    public static final String UNREADABLE = "\u0000garbage";
    public final Map<String, String> values = new HashMap<>();
    /** Keys whose set is accepted but has no effect, to test verification after apply. */
    public final Set<String> ignoreSet = new HashSet<>();
    /** Keys whose set fails. */
    public final Set<String> failSet = new HashSet<>();

    public FakeTransport transport() {
        return new FakeTransport().handle(this::answer);
    }

    private Optional<CommandResult> answer(String command) {
        String[] parts = command.split(" ", 3);
        switch (parts[0]) {
            case "get":
                String v = values.get(parts[1]);
                return Optional.of(v == null ? CommandResult.of(1, "", "") : CommandResult.ok(v));
            case "set":
                if (failSet.contains(parts[1])) return Optional.of(CommandResult.of(1, "", "read-only key"));
                if (!ignoreSet.contains(parts[1])) values.put(parts[1], parts[2]);
                return Optional.of(CommandResult.ok(""));
            case "restart":
                return Optional.of(CommandResult.ok(""));
            default:
                return Optional.empty();
        }
    }
}
