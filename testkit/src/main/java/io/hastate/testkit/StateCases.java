package io.hastate.testkit;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.graph.CompiledState;
import io.hastate.core.graph.Compiler;
import io.hastate.core.load.StateDecl;
import io.hastate.core.load.YNode;
import io.hastate.core.load.YamlFiles;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.module.NotYetKnown;
import io.hastate.core.module.PluginFacts;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.transport.CommandResult;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Table tests for state functions, for hastate's own and for a plugin's. Every {@code *.yaml} file in
 * a classpath folder is a list of cases; each gives a function, its arguments and the raw output of
 * each fact, and expects one of: {@code changes} (rows of key, before, after; optionally
 * {@code detail_contains} and {@code apply}: the files written and commands sent), {@code noop} (the
 * reason), {@code error} (a check failure), {@code pending} (not decidable yet) or {@code invalid} (a
 * load-time error). A fact the function reads that the case lacks fails the case.
 *
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicNode&gt; cases() {
 *     return StateCases.in("cases", registry);
 * }
 * </pre>
 */
public final class StateCases {
    private StateCases() {}

    /** One container per file of {@code folder} on the test classpath, one test per case. */
    public static Stream<DynamicNode> in(String folder, ModuleRegistry registry) {
        List<Path> files = files(folder);
        if (files.isEmpty()) throw new IllegalStateException("no *.yaml case files in the classpath folder '" + folder + "'");
        List<DynamicNode> containers = new ArrayList<>();
        for (Path file : files) containers.add(container(file, registry));
        return containers.stream();
    }

    private static DynamicContainer container(Path file, ModuleRegistry registry) {
        String name = file.getFileName().toString();
        try {
            YNode doc = YamlFiles.parse(name, Files.readString(file, StandardCharsets.UTF_8));
            List<DynamicTest> tests = new ArrayList<>();
            for (YNode c : doc.asList(name).items()) {
                YNode.YMap m = c.asMap(name);
                tests.add(DynamicTest.dynamicTest(m.get("case").asString("case"), () -> run(m, registry)));
            }
            return DynamicContainer.dynamicContainer(name, tests.stream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(String folder) {
        List<Path> out = new ArrayList<>();
        try {
            for (URL url : Collections.list(Thread.currentThread().getContextClassLoader().getResources(folder))) {
                Path dir;
                if (url.getProtocol().equals("jar")) {
                    FileSystem jar;
                    try {
                        jar = FileSystems.newFileSystem(url.toURI(), Map.of());
                    } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                        jar = FileSystems.getFileSystem(url.toURI());
                    }
                    dir = jar.getPath(folder);
                } else {
                    dir = Path.of(url.toURI());
                }
                try (Stream<Path> listed = Files.list(dir)) {
                    listed.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static void run(YNode.YMap c, ModuleRegistry registry) throws Exception {
        String function = c.get("function").asString("function");
        YNode.YMap args = c.get("args").asMap("args");
        String id = args.has("name") ? args.get("name").asString("name") : function.substring(0, function.indexOf('.'));
        StateDecl decl = new StateDecl(id, function, args, c.location());
        if (c.has("invalid")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> compile(registry, decl));
            assertTrue(e.problem().contains(c.get("invalid").asString("invalid")), e.getMessage());
            return;
        }
        CompiledState state = compile(registry, decl);
        FactValues facts = facts(state, c.get("facts").asMap("facts"));
        if (c.has("error")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> state.function().check(state.args(), facts));
            assertFalse(e instanceof NotYetKnown, "a missing prerequisite is 'pending', not an error: " + e.getMessage());
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
        if (!c.has("changes")) fail("a case expects one of changes, noop, error, pending or invalid");
        List<List<Object>> expected = new ArrayList<>();
        for (YNode ch : c.get("changes").asList("changes").items()) {
            @SuppressWarnings("unchecked") List<Object> row = (List<Object>) ch.toPlain();
            expected.add(row);
        }
        List<List<Object>> actual = new ArrayList<>();
        for (Change ch : diff.changes()) actual.add(Arrays.asList(ch.key(), ch.before(), ch.after()));
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

    /** Names made unique per run (a candidate file) read as NAME.*.EXT in the cases. */
    private static String unique(String text) {
        return text.replaceAll("\\.hastate-candidate\\.[0-9a-f-]{8}\\.", ".hastate-candidate.*.");
    }

    private static CompiledState compile(ModuleRegistry registry, StateDecl decl) {
        return new Compiler(registry).compile(List.of(decl), Map.of()).ordered().get(0).state();
    }

    private static FactValues facts(CompiledState state, YNode.YMap given) {
        Map<String, Object> values = new HashMap<>();
        List<Fact<?>> needed = state.function().facts(state.args());
        for (Fact<?> f : needed) {
            YNode raw = given(given, f, needed);
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

    /** The case's output for {@code fact}: under its key, or for a plugin's fact under its type (alone when unambiguous). */
    private static YNode given(YNode.YMap given, Fact<?> fact, List<Fact<?>> needed) {
        if (given.get(fact.key()) != null) return given.get(fact.key());
        List<String> names = PluginFacts.caseNames(fact.key());
        for (String name : names) {
            if (given.get(name) == null) continue;
            boolean typeAlone = name.equals(names.get(names.size() - 1));
            long sameType = needed.stream().filter(f -> PluginFacts.caseNames(f.key()).contains(name)).count();
            if (typeAlone && sameType > 1) fail("fact '" + name + "' is read " + sameType + " times here: name each as " + names.get(0));
            return given.get(name);
        }
        String as = names.isEmpty() ? fact.key() : names.get(names.size() - 1);
        return fail("case lacks fact '" + as + "' (command: " + fact.command() + ")");
    }
}
