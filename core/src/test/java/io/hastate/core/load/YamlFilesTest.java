package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.hastate.core.testing.Fixtures.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlFilesTest {
    @Test
    void keepsLinesOfKeysAndValues() {
        YNode.YMap root = YamlFiles.parse("f.yaml", "a: 1\nb:\n  - x\n  - y: 2\n").asMap("");
        assertEquals(1, root.entries().get("a").keyLocation().line());
        YNode.YList list = root.get("b").asList("b");
        assertEquals(3, list.items().get(0).location().line());
        assertEquals(4, list.items().get(1).location().line());
        assertEquals(Map.of("a", 1L, "b", List.of("x", Map.of("y", 2L))), root.toPlain());
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        InvalidInputException e = invalid(() -> YamlFiles.parse("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n"));
        assertTrue(e.getMessage().startsWith("bad.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
        assertTrue(e.location().line() >= 2, "line " + e.location().line());
    }

    @Test
    void theParsersMessagesAreSaidInTheWordsOfSomeoneWritingTheFile() {
        String[][] cases = {
                {"hosts:\n  me: {connection: local\n", "a '{' is not closed, or a ',' is missing between its entries (opened at line 2)"},
                {"hosts:\n\tme: {}\n", "a tab in the indentation: YAML indents with spaces only"},
                {"hosts:\n  me: {}\n   you: {}\n", "this line is indented differently from the lines above it"},
                {"hosts:\n  me: {vars: {a: \"x}}\n", "a quoted text is not closed"},
                {"hosts:\n  - me\n  you: {}\n", "a list item ('- ') and a key ('name:') at one level"},
                {"a: [1, 2\nb: 3\n", "a '[' is not closed, or a ',' is missing between its items"},
                {"a: b: c\n", "a ':' inside a value: put the value in quotes"},
        };
        for (String[] c : cases) {
            InvalidInputException e = invalid(() -> YamlFiles.parse("f.yaml", c[0]));
            assertTrue(e.getMessage().contains("malformed YAML: " + c[1]), c[0] + " -> " + e.getMessage());
            assertTrue(!e.getMessage().contains("<block") && !e.getMessage().contains("stream end"), "no parser jargon: " + e.getMessage());
        }
    }

    @Test
    void duplicateKeysAreRefusedWithBothLines() {
        InvalidInputException e = invalid(() -> YamlFiles.parse("d.yaml", "a: 1\nb: 2\na: 3\n"));
        assertEquals("d.yaml:3: a: duplicate key (first at line 1)", e.getMessage());
    }

    @Test
    void mergeKeysAreRefused() {
        InvalidInputException e = invalid(() -> YamlFiles.parse("m.yaml", "base: &b {x: 1}\nother:\n  <<: *b\n"));
        assertEquals(3, e.location().line());
    }

    @Test
    void classTagsAreRefused() {
        // An unsafe loader would instantiate the class; here the file is refused as invalid input.
        InvalidInputException e = invalid(() -> YamlFiles.parse("t.yaml", "a: 1\nx: !!javax.script.ScriptEngineManager [a]\n"));
        assertEquals(2, e.location().line(), e.getMessage());
    }

    @Test
    void scalarsKeepTheirType() {
        Map<?, ?> m = (Map<?, ?>) YamlFiles.parse("s.yaml", "i: 42\nb: true\nn: ~\ns: '42'\nmode: 0644\n").toPlain();
        assertEquals(42L, m.get("i"));
        assertEquals(true, m.get("b"));
        assertEquals(null, m.get("n"));
        assertEquals("42", m.get("s"));
        YNode.YScalar mode = (YNode.YScalar) YamlFiles.parse("s.yaml", "mode: 0644\n").asMap("").get("mode");
        assertEquals("0644", mode.value(), "the text of an octal-looking mode is kept as written");
    }
}
