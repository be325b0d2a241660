package io.hastate.core.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Host text on a terminal and in comments: no control sequence survives but colours, and JSON keeps its meaning. */
@Timeout(10)
class PrintableTest {
    @Test
    void controlSequencesAreShownNotObeyed() {
        assertEquals("title \\u001b]0;pwned\\u0007 \\u001b[2K\\u001b[1A\\u000d end", Printable.terminal("title \u001b]0;pwned\u0007 \u001b[2K\u001b[1A\r end"));
        assertEquals("a\tb\nc", Printable.terminal("a\tb\nc"), "tabs and line breaks stay");
        assertEquals("\u001b[31mred\u001b[0m", Printable.terminal("\u001b[31mred\u001b[0m"), "colours, as hastate writes them, stay");
        assertEquals("x\\u0085y\\u2028z\\u202e", Printable.terminal("x\u0085y\u2028z\u202e"));
        assertEquals("caf\u00e9 \u2192 ok", Printable.terminal("caf\u00e9 \u2192 ok"), "printable text is left alone");
    }

    @Test
    void jsonWithEscapedCharactersMeansTheSame() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String doc = json.writeValueAsString(java.util.Map.of("detail", "a\u0085b\u2028c\u007fd"));
        assertEquals("a\u0085b\u2028c\u007fd", json.readTree(Printable.terminal(doc)).get("detail").asText());
    }

    @Test
    void aCommentLineIsPrintableAscii() {
        assertEquals("x\\nvars:\\u2028y\\r\\x85", Printable.asciiLine("x\nvars:\u2028y\r\u0085"));
    }
}
