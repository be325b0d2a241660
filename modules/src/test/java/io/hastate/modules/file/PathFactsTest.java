package io.hastate.modules.file;

import org.junit.jupiter.api.Test;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathFactsTest {
    private final Predicate<String> touched = PathFacts.touchedBy("/etc/keepalived/keepalived.conf");

    @Test
    void theFileItsParentsAndAnythingBelowAreStale() {
        assertTrue(touched.test("file:/etc/keepalived/keepalived.conf"));
        assertTrue(touched.test("stat:/etc/keepalived/keepalived.conf"));
        assertTrue(touched.test("stat:/etc/keepalived"), "makedirs may have created it");
        assertTrue(touched.test("stat:/"));
        assertTrue(PathFacts.touchedBy("/etc/keepalived").test("file:/etc/keepalived/keepalived.conf"), "a directory's content");
    }

    @Test
    void siblingsNamesSharingAPrefixAndOtherFactsStay() {
        assertFalse(touched.test("file:/etc/keepalived/keepalived.conf.d"));
        assertFalse(touched.test("file:/etc/keepalived/other.conf"));
        assertFalse(touched.test("stat:/etc/keep"));
        assertFalse(touched.test("sysctl:net/ipv4/ip_forward"));
        assertFalse(touched.test("keepalived-vmacs"));
    }
}
