package io.hastate.core.facts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeTest {
    private final Scope conf = Scope.path("/etc/keepalived/keepalived.conf");

    @Test
    void aPathOverlapsItselfItsParentsAndAnythingBelow() {
        assertTrue(conf.overlaps(Scope.path("/etc/keepalived/keepalived.conf")));
        assertTrue(conf.overlaps(Scope.path("/etc/keepalived")), "removing the folder removes the file");
        assertTrue(Scope.path("/etc/keepalived/").overlaps(conf), "a trailing slash names the same folder");
        assertTrue(conf.overlaps(Scope.path("/")));
        assertTrue(Scope.path("/").overlaps(conf));
    }

    @Test
    void siblingsAndNamesSharingAPrefixDoNotOverlap() {
        assertFalse(conf.overlaps(Scope.path("/etc/keepalived/keepalived.conf.d")));
        assertFalse(conf.overlaps(Scope.path("/etc/keepalived/other.conf")));
        assertFalse(conf.overlaps(Scope.path("/etc/keep")));
        assertFalse(conf.overlaps(Scope.key("sysctl", "net/ipv4/ip_forward")));
    }

    @Test
    void keysMatchWithinTheirNamespaceAndByPrefix() {
        Scope forwarding = Scope.key("sysctl", "net/ipv4/conf/eth0/forwarding");
        assertTrue(forwarding.overlaps(Scope.key("sysctl", "net/ipv4/conf/*")));
        assertTrue(Scope.key("sysctl", "net/ipv4/conf/*").overlaps(forwarding));
        assertFalse(forwarding.overlaps(Scope.key("sysctl", "net/ipv4/ip_forward")));
        assertFalse(forwarding.overlaps(Scope.key("kv", "net/ipv4/conf/eth0/forwarding")));
    }

    @Test
    void everythingOverlapsEveryScopeBothWays() {
        for (Scope s : new Scope[]{conf, Scope.key("sysctl", "x"), Scope.everything()}) {
            assertTrue(Scope.everything().overlaps(s));
            assertTrue(s.overlaps(Scope.everything()));
        }
    }
}
