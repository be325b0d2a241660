package io.hastate.modules.network;

import io.hastate.core.module.Args;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ifupdown stanzas are run by /bin/sh as root: nothing but addresses may reach them, whoever wrote them. */
class IfupdownTest {
    private static IfupdownFacts host(String network) {
        return new IfupdownFacts(true, true, "/etc/systemd/network/10-eth0.network", network, null, null, true, true);
    }

    @Test
    void declaredAddressesAreCheckedWholeNotJustBeforeTheSlash() {
        for (String bad : List.of("10.0.0.5/24\nup touch /tmp/x", "10.0.0.5/24;reboot", "10.0.0.5/24 dev lo", "10.0.0.5/2x",
                "10.0.0.5/33", "10.0.0.5//24", "10.0.0.5", "fe80::1/129")) {
            assertThrows(IllegalArgumentException.class, () -> new Ifupdown().validate(Args.of("name", "eth0", "addresses", List.of(bad))), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Ifupdown().validate(Args.of("name", "eth0", "addresses", List.of("2001:db8::5/64"))),
                "an inet stanza needs an IPv4 address");
        new Ifupdown().validate(Args.of("name", "eth0", "addresses", List.of("10.0.0.5/24", "2001:db8::5/64")));
    }

    @Test
    void valuesReadFromTheHostAreCheckedToo() {
        Args args = Args.of("name", "eth0");
        for (String network : List.of("[Network]\nAddress=10.0.0.5/24;touch${IFS}/tmp/x\n", "[Network]\nAddress=10.0.0.5/24\nGateway=10.0.0.1;id\n",
                "[Network]\nAddress=10.0.0.5/24\nDNS=$(id)\n")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ifupdown.stanza(args, host(network)), network);
            assertTrue(e.getMessage().contains("will not copy"), e.getMessage());
        }
    }

    @Test
    void anIpv6AddressFromTheHostNeverLandsInTheInetLine() {
        String stanza = Ifupdown.stanza(Args.of("name", "eth0"),
                host("[Network]\nAddress=2001:db8::5/64\nAddress=10.0.0.5/24\nGateway=fe80::1\nGateway=10.0.0.1\n"));
        assertTrue(stanza.contains("iface eth0 inet static\n    address 10.0.0.5/24\n    gateway 10.0.0.1\n"), stanza);
        assertTrue(stanza.contains("    up ip -6 addr add 2001:db8::5/64 dev eth0\n"), stanza);
        assertEquals(-1, stanza.indexOf("fe80::1"), stanza);
    }
}
