package io.hastate.modules;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.graph.CompiledState;
import io.hastate.core.graph.Compiler;
import io.hastate.core.graph.StateDecl;
import io.hastate.core.load.YNode;
import io.hastate.core.load.YamlFiles;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.module.NotYetKnown;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.transport.CommandResult;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Table tests for state functions: each case in {@code cases/*.yaml} gives arguments and the raw
 * output of each fact, and expects a Diff (or a no-op reason, a check error, a load error) and the
 * commands apply sends. A fact the function asks for that the case lacks fails the case.
 */
class ModuleCasesTest {
    static final ModuleRegistry REGISTRY = StateModules.registry();

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String file : List.of("file.yaml", "cmd.yaml", "sysctl.yaml", "service.yaml", "keepalived.yaml")) {
            try (InputStream in = ModuleCasesTest.class.getResourceAsStream("/cases/" + file)) {
                YNode doc = YamlFiles.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (YNode c : doc.asList(file).items()) {
                    YNode.YMap m = c.asMap(file);
                    out.add(Arguments.of(Named.of(file + ": " + m.get("case").asString("case"), m)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runCase(YNode.YMap c) throws Exception {
        String function = c.get("function").asString("function");
        YNode.YMap args = c.get("args").asMap("args");
        String id = args.has("name") ? args.get("name").asString("name") : function.substring(0, function.indexOf('.'));
        StateDecl decl = new StateDecl(id, function, args, c.location());
        if (c.has("invalid")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> compile(decl));
            assertTrue(e.problem().contains(c.get("invalid").asString("invalid")), e.getMessage());
            return;
        }
        CompiledState state = compile(decl);
        FactValues facts = facts(state, c.get("facts").asMap("facts"));
        if (c.has("error")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> state.function().check(state.args(), facts));
            assertTrue(e.getMessage().contains(c.get("error").asString("error")), e.getMessage());
            return;
        }
        if (c.has("pending")) {
            NotYetKnown e = assertThrows(NotYetKnown.class, () -> state.function().check(state.args(), facts));
            assertTrue(e.getMessage().contains(c.get("pending").asString("pending")), e.getMessage());
            return;
        }
        Diff diff = state.function().check(state.args(), facts);
        if (c.has("noop")) {
            assertTrue(diff.isEmpty(), "expected no changes, got " + diff.changes());
            assertEquals(c.get("noop").asString("noop"), diff.comment());
            return;
        }
        List<List<Object>> expected = new ArrayList<>();
        for (YNode ch : c.get("changes").asList("changes").items()) {
            @SuppressWarnings("unchecked") List<Object> row = (List<Object>) ch.toPlain();
            expected.add(row);
        }
        List<List<Object>> actual = new ArrayList<>();
        for (Change ch : diff.changes()) actual.add(java.util.Arrays.asList(ch.key(), ch.before(), ch.after()));
        assertEquals(expected, actual);
        if (c.has("detail_contains")) {
            String detail = diff.changes().stream().map(Change::detail).filter(d -> d != null).reduce("", String::concat);
            for (YNode n : c.get("detail_contains").asList("detail_contains").items()) {
                assertTrue(detail.contains(n.asString("detail")), detail);
            }
        }
        if (c.has("apply")) checkApply(state, facts, diff, c.get("apply").asMap("apply"));
    }

    private static void checkApply(CompiledState state, FactValues facts, Diff diff, YNode.YMap apply) throws Exception {
        FakeTransport t = new FakeTransport().handle(cmd -> Optional.of(CommandResult.ok("")));
        state.function().apply(state.args(), facts, diff, t);
        List<String> writes = t.written().stream().map(w -> unique(w.path())).toList();
        List<String> wantWrites = new ArrayList<>();
        if (apply.has("writes")) for (YNode n : apply.get("writes").asList("writes").items()) wantWrites.add(n.asString("w"));
        assertEquals(wantWrites, writes, "files written");
        if (apply.has("written")) {
            assertEquals(apply.get("written").asString("written"), t.written().get(0).content(), "content written");
        }
        String sent = unique(String.join("\n", t.commands()));
        if (apply.has("commands")) {
            for (YNode n : apply.get("commands").asList("commands").items()) {
                assertTrue(sent.contains(n.asString("c")), "expected '" + n.asString("c") + "' in:\n" + sent);
            }
        } else {
            assertEquals("", sent, "no commands expected besides the file writes");
        }
    }

    /** Names made unique per run (keepalived's candidate) read as NAME.*.EXT in the cases. */
    private static String unique(String text) {
        return text.replaceAll("\\.hastate-candidate\\.[0-9a-f-]{8}\\.", ".hastate-candidate.*.");
    }

    private static CompiledState compile(StateDecl decl) {
        return new Compiler(REGISTRY).compile(List.of(decl), Map.of()).ordered().get(0).state();
    }

    private static FactValues facts(CompiledState state, YNode.YMap given) {
        Map<String, Object> values = new HashMap<>();
        for (Fact<?> f : state.function().facts(state.args())) {
            YNode raw = given.get(f.key());
            if (raw == null) fail("case lacks fact '" + f.key() + "' (command: " + f.command() + ")");
            YNode.YMap m = raw.asMap(f.key());
            int rc = m.has("rc") ? m.get("rc").asInt("rc") : 0;
            try {
                values.put(f.key(), f.parse(m.get("stdout").asString("stdout"), rc));
            } catch (RuntimeException e) {
                values.put(f.key(), new FactValues.Unreadable(f.key(), e.getMessage()));
            }
        }
        return new FactValues(values);
    }
}
