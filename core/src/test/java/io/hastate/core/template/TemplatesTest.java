package io.hastate.core.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplatesTest {
    final Templates templates = new Templates();

    @Test
    void rendersNestedValuesWithoutHtmlEscaping() {
        String out = templates.render("auth_pass {{secret}}\nvip {{pair.vip}}\n",
                Map.of("secret", "a<b>&\"c", "pair", Map.of("vip", "10.0.0.10/24")));
        assertEquals("auth_pass a<b>&\"c\nvip 10.0.0.10/24\n", out);
    }

    @Test
    void sectionsIterateListsAndSkipMissingSections() {
        String out = templates.render("{{#vips}}{{cidr}} {{/vips}}{{#nothing}}x{{/nothing}}",
                Map.of("vips", List.of(Map.of("cidr", "a"), Map.of("cidr", "b"))));
        assertEquals("a b ", out);
    }

    @Test
    void anUndefinedVariableIsAnErrorWithItsLine() {
        Templates.TemplateException e = assertThrows(Templates.TemplateException.class,
                () -> templates.render("line one\nvip {{pair.vipp}}\n", Map.of("pair", Map.of("vip", "x"))));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("pair.vipp"), e.getMessage());
    }

    @Test
    void anUnclosedSectionIsAnError() {
        assertThrows(Templates.TemplateException.class, () -> templates.render("{{#a}} no end", Map.of("a", true)));
    }
}
