package io.hastate.core.load;

/**
 * The YAML parser's messages in the words of someone writing an inventory: "expected &lt;block end&gt;,
 * but found '&lt;block mapping start&gt;'" says nothing to them; "this line is indented differently
 * from the lines above it" does.
 */
final class YamlJargon {
    private YamlJargon() {}

    /**
     * {@code problem}: the parser's text; {@code context}: what it was reading ("while parsing a flow
     * mapping"), or null; {@code contextLine}: where that began (0: unknown).
     */
    static String explain(String problem, String context, int contextLine) {
        String p = problem.trim();
        String opened = contextLine > 0 ? " (opened at line " + contextLine + ")" : "";
        if (p.contains("'\\t(TAB)'") || p.contains("\\t(TAB)")) return "a tab in the indentation: YAML indents with spaces only";
        if (p.startsWith("expected ',' or '}'")) return "a '{' is not closed, or a ',' is missing between its entries" + opened;
        if (p.startsWith("expected ',' or ']'")) return "a '[' is not closed, or a ',' is missing between its items" + opened;
        if (p.startsWith("found unexpected end of stream") || p.contains("found unexpected end of stream")) {
            return "a quoted text is not closed: its closing quote is missing" + opened;
        }
        if (p.startsWith("expected <block end>")) {
            return p.contains("'-'") || p.contains("<block sequence start>") || p.contains("'?'")
                    ? "a list item ('- ') and a key ('name:') at one level, or a line indented differently from the ones above it"
                    : "this line is indented differently from the lines above it (keys of one map start in one column)";
        }
        if (p.startsWith("mapping values are not allowed here")) {
            return "a ':' inside a value: put the value in quotes if it contains ': ' (or the line above misses its ':')";
        }
        if (p.startsWith("could not find expected ':'")) return "a line without ':' where a key was expected (or a quote not closed above)";
        if (p.startsWith("found undefined alias")) return "an alias (*name) with no anchor (&name) before it";
        if (p.startsWith("found character '@'") || p.startsWith("found character '`'")) {
            return "a value starts with a character YAML reserves ('@' or '`'): put it in quotes";
        }
        if (p.startsWith("did not find expected key")) return "a line indented differently from the keys above it, or a value not closed above" + opened;
        if (p.startsWith("did not find expected '-' indicator")) return "a list item indented differently from the items above it";
        return p + (context != null ? " " + context.trim() + opened : "");
    }
}
