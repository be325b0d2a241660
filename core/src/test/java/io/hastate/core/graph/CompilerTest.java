package io.hastate.core.graph;

import io.hastate.core.load.StateTree;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.testing.KvFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.hastate.core.testing.Fixtures.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompilerTest {
    @TempDir
    Path dir;

    final Compiler compiler = new Compiler(new ModuleRegistry(List.of(new KvFunction())));

    StateGraph compile(String yaml) {
        return compile(yaml, Map.of("who", "n1"));
    }

    StateGraph compile(String yaml, Map<String, Object> context) {
        Fixtures.write(dir, "main.yaml", yaml);
        return compiler.compile(new StateTree(dir).load(List.of("main"), Location.NONE), context);
    }

    static List<String> ids(StateGraph g) {
        return g.ordered().stream().map(n -> n.state().ref().id()).toList();
    }

    Path mainFile() {
        return dir.resolve("main.yaml");
    }

    @Test
    void declarationOrderWhenNoRequisites() {
        assertEquals(List.of("c", "a", "b"), ids(compile("c: {kv.set: {value: 1}}\na: {kv.set: {value: 1}}\nb: {kv.set: {value: 1}}\n")));
    }

    @Test
    void requisitesReorderAndInFormsPointTheOtherWay() {
        StateGraph g = compile("""
                a: {kv.set: {value: 1, require: [kv: b]}}
                b: {kv.set: {value: 1}}
                c: {kv.set: {value: 1, watch_in: [a]}}
                """);
        assertEquals(List.of("b", "c", "a"), ids(g));
        StateGraph.Node a = g.ordered().get(2);
        assertEquals(List.of(RequisiteKind.REQUIRE, RequisiteKind.WATCH), a.dependencies().stream().map(StateGraph.Dependency::kind).toList());
    }

    @Test
    void narrowedToDriftedStatesKeepsWhatTheyNeedAndWhatReactsToThemOnly() {
        StateGraph g = compile("""
                pkg: {kv.set: {value: 1}}
                conf: {kv.set: {value: 1, require: [pkg]}}
                unrelated: {kv.set: {value: 1}}
                reload: {kv.set: {value: 1, watch: [conf]}}
                notify: {kv.set: {value: 1, onchanges: [reload]}}
                other: {kv.set: {value: 1, require: [pkg]}}
                """);
        io.hastate.core.model.StateRef conf = g.ordered().stream().filter(n -> n.state().ref().id().equals("conf")).findFirst().orElseThrow().state().ref();
        StateGraph narrowed = g.narrowedTo(java.util.Set.of(conf));
        assertEquals(List.of("pkg", "conf", "reload", "notify"), ids(narrowed));
        assertEquals(List.of(), ids(g.narrowedTo(java.util.Set.of())));
        assertEquals(List.of("pkg", "conf"), ids(g.requisitesOf(java.util.Set.of(conf))), "what reacts to conf stays out");
    }

    @Test
    void forEachDeclaresAStatePerItemAndARequisiteOnItsIdWaitsForAllOfThem() {
        Map<String, Object> context = Map.of("links", List.of(
                Map.of("name", "eth0", "mode", "keep"), Map.of("name", "eth1", "mode", "none")));
        StateGraph g = compile("""
                conf: {kv.set: {value: "after", require: [link]}}
                link:
                  kv.set:
                    for_each: "{{links}}"
                    name: "sysctl.{{each.name}}"
                    value: "{{each.mode}}"
                    when: "{{each.mode}} != none"
                """, context);
        assertEquals(List.of("link[eth0]", "link[eth1]", "conf"), ids(g));
        StateGraph.Node eth0 = g.ordered().get(0);
        assertEquals("sysctl.eth0", eth0.state().ref().name());
        assertEquals("keep", eth0.state().args().string("value"));
        assertTrue(g.ordered().get(1).state().inactive() != null, "each item's when is its own");
        assertEquals(2, g.ordered().get(2).dependencies().size());
    }

    @Test
    void forEachOverNothingDeclaresNothingAndWhatRequiresItWaitsForNothing() {
        StateGraph g = compile("""
                conf: {kv.set: {value: "after", require: [kv: link]}}
                link: {kv.set: {for_each: "{{links}}", value: "{{each}}"}}
                """, Map.of("links", List.of()));
        assertEquals(List.of("conf"), ids(g));
        assertEquals(List.of(), g.ordered().get(0).dependencies());
        // Scalars are their own keys.
        assertEquals(List.of("link[a]", "link[b]", "conf"), ids(compile("""
                conf: {kv.set: {value: "after", require: [kv: link]}}
                link: {kv.set: {for_each: "{{links}}", value: "{{each}}"}}
                """, Map.of("links", List.of("a", "b")))));
    }

    @Test
    void forEachNeedsOneVariableHoldingAListOfDistinctKeys() {
        var notAList = invalid(() -> compile("link: {kv.set: {for_each: \"{{who}}\", value: x}}\n"));
        assertEquals("link.for_each", notAList.field());
        assertTrue(notAList.getMessage().contains("'who' is not a list"), notAList.getMessage());
        var text = invalid(() -> compile("link: {kv.set: {for_each: \"eth0 eth1\", value: x}}\n"));
        assertTrue(text.getMessage().contains("one variable holding a list"), text.getMessage());
        var missing = invalid(() -> compile("link: {kv.set: {for_each: \"{{nope}}\", value: x}}\n"));
        assertTrue(missing.getMessage().contains("undefined variable 'nope'"), missing.getMessage());
        var twice = invalid(() -> compile("link: {kv.set: {for_each: \"{{l}}\", value: x}}\n", Map.of("l", List.of("a", "a"))));
        assertTrue(twice.getMessage().contains("two items have the key 'a'"), twice.getMessage());
    }

    @Test
    void requisiteMayNameTheStateByItsName() {
        StateGraph g = compile("""
                a: {kv.set: {value: 1, onchanges: [/etc/x]}}
                b: {kv.set: {name: /etc/x, value: 1}}
                """);
        assertEquals(List.of("b", "a"), ids(g));
    }

    @Test
    void saltListFormOfArguments() {
        StateGraph g = compile("a:\n  kv.set:\n    - value: '{{who}}'\n    - port: 80\n");
        assertEquals("n1", g.ordered().get(0).state().args().string("value"));
        assertEquals(80, g.ordered().get(0).state().args().integer("port"));
    }

    @Test
    void includesComeFirstAndLoadOnce() {
        Fixtures.write(dir, "lib/base.yaml", "base: {kv.set: {value: 1}}\n");
        Fixtures.write(dir, "lib/extra/init.yaml", "include: [.base]\nextra: {kv.set: {value: 1}}\n");
        assertEquals(List.of("base", "extra", "own"), ids(compile("include: [lib.base, lib.extra]\nown: {kv.set: {value: 1}}\n")));
    }

    @Test
    void aWholeValueReferenceKeepsItsType() {
        StateGraph g = compile("a:\n  kv.set:\n    value: x\n    port: '{{ports.http}}'\n    password: '{{creds}}'\n",
                Map.of("ports", Map.of("http", 8080L), "creds", "pw"));
        assertEquals(8080, g.ordered().get(0).state().args().integer("port"));
        InvalidInputException e = invalid(() -> compile("a:\n  kv.set:\n    value: '{{nope.x}}'\n", Map.of()));
        assertEquals(3, e.location().line());
        assertTrue(e.problem().contains("undefined variable 'nope.x'"), e.getMessage());
    }

    @Test
    void whenSwitchesAStateOffForThisHost() {
        StateGraph g = compile("""
                a: {kv.set: {value: 1, when: "{{mode}} == vmac"}}
                b: {kv.set: {value: 1, when: "{{mode}} in [ipvlan, keep]"}}
                c: {kv.set: {value: 1, when: "{{mode}} != vmac"}}
                d: {kv.set: {value: 1, when: "false"}}
                """, Map.of("mode", "keep"));
        List<String> inactive = g.ordered().stream().filter(n -> n.state().inactive() != null).map(n -> n.state().ref().id()).toList();
        assertEquals(List.of("a", "d"), inactive);
        assertEquals("not applicable: when 'keep == vmac' is false", g.ordered().get(0).state().inactive());
        InvalidInputException e = invalid(() -> compile("a:\n  kv.set:\n    value: 1\n    when: '{{mode}} = vmac'\n", Map.of("mode", "x")));
        assertEquals(4, e.location().line());
        assertTrue(e.problem().contains("cannot read condition"), e.getMessage());
    }

    @Test
    void cycleIsRefusedNamingTheStates() {
        InvalidInputException e = invalid(() -> compile("""
                a: {kv.set: {value: 1, require: [b]}}
                b: {kv.set: {value: 1, require: [c]}}
                c: {kv.set: {value: 1, require: [a]}}
                d: {kv.set: {value: 1}}
                """));
        assertTrue(e.problem().startsWith("requisite cycle: "), e.getMessage());
        for (String id : List.of("kv: a", "kv: b", "kv: c")) assertTrue(e.problem().contains(id), e.getMessage());
        assertTrue(!e.problem().contains("kv: d"), e.getMessage());
        assertEquals(mainFile().toString(), e.location().file());
    }

    @Test
    void unknownRequisiteTargetNamesItsLine() {
        InvalidInputException e = invalid(() -> compile("a:\n  kv.set:\n    value: 1\n    require:\n      - kv: nothere\n"));
        assertEquals(mainFile() + ":5: a.require: no state matches 'kv: nothere'", e.getMessage());
    }

    @Test
    void unknownModuleListsKnownOnes() {
        InvalidInputException e = invalid(() -> compile("a: {kv.set: {value: 1}}\nb:\n  pkgg.installed: {}\n"));
        assertEquals(3, e.location().line());
        assertEquals("b", e.field());
        assertTrue(e.problem().contains("unknown module 'pkgg' (known: kv)"), e.getMessage());
    }

    @Test
    void unknownFunctionListsTheModulesFunctions() {
        InvalidInputException e = invalid(() -> compile("a:\n  kv.sett: {value: 1}\n"));
        assertTrue(e.problem().contains("kv has: set"), e.getMessage());
    }

    @Test
    void notAFunctionName() {
        InvalidInputException e = invalid(() -> compile("a:\n  value: 1\n"));
        assertEquals(2, e.location().line());
        assertTrue(e.problem().contains("module.function"), e.getMessage());
    }

    @Test
    void unknownArgumentNamesItsLine() {
        InvalidInputException e = invalid(() -> compile("a:\n  kv.set:\n    value: 1\n    vaule: 2\n"));
        assertEquals(4, e.location().line());
        assertEquals("a.vaule", e.field());
    }

    @Test
    void missingRequiredArgument() {
        InvalidInputException e = invalid(() -> compile("a:\n  kv.set: {port: 1}\n"));
        assertTrue(e.problem().contains("needs argument 'value'"), e.getMessage());
        assertEquals(2, e.location().line());
    }

    @Test
    void argumentRuleAndTypeErrors() {
        InvalidInputException range = invalid(() -> compile("a:\n  kv.set:\n    value: 1\n    port: 70000\n"));
        assertEquals(mainFile() + ":4: a.port: must be a port 1-65535, got '70000'", range.getMessage());
        InvalidInputException type = invalid(() -> compile("a:\n  kv.set:\n    value: 1\n    port: http\n"));
        assertTrue(type.problem().contains("whole number"), type.getMessage());
    }

    @Test
    void secretArgumentsAreNotEchoedInErrors() {
        InvalidInputException wrongType = invalid(() -> compile("a:\n  kv.set: {value: x, password: [hunter2-secret]}\n"));
        assertTrue(wrongType.getMessage().contains("a.password"), wrongType.getMessage());
        assertFalse(wrongType.getMessage().contains("hunter2-secret"), wrongType.getMessage());

        InvalidInputException beside = invalid(() -> compile("a:\n  kv.set: {value: x, password: hunter2-secret, port: 99999}\n"));
        assertTrue(beside.getMessage().contains("a.port"), beside.getMessage());
        assertFalse(beside.getMessage().contains("hunter2-secret"), beside.getMessage());

        InvalidInputException broken = invalid(() -> compile("a:\n  kv.set: {value: x, password: hunter2 secret}\n"));
        assertTrue(broken.getMessage().contains("a.password: must be without spaces, got '(hidden)'"), broken.getMessage());
        assertFalse(broken.getMessage().contains("hunter2"), broken.getMessage());
    }

    @Test
    void undefinedTemplateVariableNamesTheLine() {
        InvalidInputException e = invalid(() -> compile("a:\n  kv.set:\n    value: |\n      first\n      {{nope}}\n"));
        assertEquals(5, e.location().line(), e.getMessage());
        assertTrue(e.problem().contains("undefined variable 'nope'"), e.getMessage());
    }

    @Test
    void duplicateStateAcrossFilesIsRefused() {
        Fixtures.write(dir, "other.yaml", "a: {kv.set: {value: 2}}\n");
        InvalidInputException e = invalid(() -> compile("include: [other]\na: {kv.set: {value: 1}}\n"));
        assertTrue(e.problem().contains("already has a kv function"), e.getMessage());
    }

    @Test
    void missingIncludeNamesTheIncludingLine() {
        InvalidInputException e = invalid(() -> compile("include:\n  - nowhere\n"));
        assertEquals(2, e.location().line());
        assertTrue(e.problem().contains("state 'nowhere' not found"), e.getMessage());
    }

    /** A module that reads the kv fact's key with a command of its own. */
    static final class Squatter implements io.hastate.core.module.StateFunction {
        @Override public String module() { return "squat"; }
        @Override public String function() { return "on"; }
        @Override public List<io.hastate.core.module.ArgSpec> args() { return List.of(); }
        @Override public List<io.hastate.core.facts.Fact<?>> facts(io.hastate.core.module.Args a) {
            return List.of(new io.hastate.core.facts.Fact<>("kv:" + a.name(), "cat /etc/" + a.name(), (out, rc) -> out));
        }
        @Override public io.hastate.core.model.Diff check(io.hastate.core.module.Args a, io.hastate.core.facts.FactValues f) {
            return io.hastate.core.model.Diff.none("");
        }
        @Override public String apply(io.hastate.core.module.Args a, io.hastate.core.model.Diff d, io.hastate.core.transport.Transport t) {
            return "";
        }
    }

    @Test
    void twoModulesReadingOneFactKeyWithDifferentCommandsAreRefusedAtLoadTime() {
        Compiler both = new Compiler(new ModuleRegistry(List.of(new KvFunction(), new Squatter())));
        Fixtures.write(dir, "main.yaml", "a: {kv.set: {name: x, value: 1}}\nb: {squat.on: {name: x}}\n");
        InvalidInputException e = invalid(() -> both.compile(new StateTree(dir).load(List.of("main"), Location.NONE), Map.of()));
        assertTrue(e.getMessage().contains("squat.on reads fact 'kv:x' with another command than kv.set does"), e.getMessage());
        assertEquals(2, e.location().line());
    }

    /** A function whose arguments bind to a record that checks them. */
    static final class Bound implements io.hastate.core.module.StateFunction {
        public record Port(String name, int port) {
            public Port {
                if (port % 2 != 0) throw new IllegalArgumentException("port must be even, got " + port);
            }
        }
        @Override public String module() { return "bound"; }
        @Override public String function() { return "port"; }
        @Override public List<io.hastate.core.module.ArgSpec> args() { return List.of(io.hastate.core.module.ArgSpec.integer("port").mandatory()); }
        @Override public Class<? extends Record> argsType() { return Port.class; }
        @Override public List<io.hastate.core.facts.Fact<?>> facts(io.hastate.core.module.Args a) { return List.of(); }
        @Override public io.hastate.core.model.Diff check(io.hastate.core.module.Args a, io.hastate.core.facts.FactValues f) {
            return io.hastate.core.model.Diff.none("");
        }
        @Override public String apply(io.hastate.core.module.Args a, io.hastate.core.model.Diff d, io.hastate.core.transport.Transport t) {
            return "";
        }
    }

    @Test
    void argumentsBoundToARecordAreCheckedByItAtLoadTime() {
        Compiler bound = new Compiler(new ModuleRegistry(List.of(new Bound())));
        Fixtures.write(dir, "main.yaml", "a: {bound.port: {port: 8080}}\nb: {bound.port: {port: 8081}}\n");
        InvalidInputException e = invalid(() -> bound.compile(new StateTree(dir).load(List.of("main"), Location.NONE), Map.of()));
        assertTrue(e.getMessage().endsWith("b: port must be even, got 8081"), e.getMessage());
        assertEquals(2, e.location().line());
        Bound.Port typed = io.hastate.core.module.Args.of("name", "a", "port", 8080L).bind(Bound.Port.class);
        assertEquals(new Bound.Port("a", 8080), typed);
    }
}
