package io.hastate.ha.facts;

import io.hastate.core.facts.Fact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class InterfaceRendererTest {
    @Test
    void oneWordFromTheHostAnythingElseIsUnknown() {
        Fact<String> eth0 = InterfaceRenderer.of("eth0");
        assertEquals("NetworkManager", eth0.parse("NetworkManager\n", 0));
        assertEquals("networkd", eth0.parse("networkd\n", 0));
        assertEquals("ifupdown", eth0.parse("ifupdown\n", 0));
        assertEquals("unknown", eth0.parse("sh: 1: nmcli: Permission denied\nunknown\n", 0));
        assertEquals("unknown", eth0.parse("", 127));
    }

    @Test
    void eachInterfaceIsItsOwnFactAndItsNameIsQuoted() {
        assertEquals("renderer:eth0", InterfaceRenderer.of("eth0").key());
        assertTrue(InterfaceRenderer.of("eth0").command().contains("-v d=eth0 "), InterfaceRenderer.of("eth0").command());
        assertTrue(InterfaceRenderer.of("br-lan.10").command().contains("networkctl list --no-legend --no-pager br-lan.10 "));
    }
}
