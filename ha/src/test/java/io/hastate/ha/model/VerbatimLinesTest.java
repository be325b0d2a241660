package io.hastate.ha.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Lines an instance carries as written: keepalived's syntax, one block per line, nothing the model says itself. */
@Timeout(5)
class VerbatimLinesTest {
    @Test
    void keywordsAndOneLevelOfBlocksPass() {
        assertNull(VerbatimLines.problem(List.of("smtp_alert", "track_interface {", "eth1 weight -20", "}", "garp_master_delay 5")));
        assertNull(VerbatimLines.problem(List.of("virtual_routes {", "src 10.0.0.1 to 10.1.0.0/16 via 10.0.0.254 dev eth0", "}")));
        assertNull(VerbatimLines.problem(List.of()));
    }

    @Test
    void eachWayOutOfKeepalivedsSyntaxOrIntoTheModelsFieldsIsNamed() {
        assertEquals("line 1 sets state, which the pair's own fields say", VerbatimLines.problem(List.of("state MASTER")));
        assertEquals("line 2 sets virtual_ipaddress, which the pair's own fields say",
                VerbatimLines.problem(List.of("smtp_alert", "virtual_ipaddress {", "10.0.0.9/32", "}")));
        assertEquals("line 1 includes another file, which hastate cannot check", VerbatimLines.problem(List.of("include /etc/x.conf")));
        assertEquals("line 1 has '#' or '!', which keepalived reads as a comment", VerbatimLines.problem(List.of("smtp_alert # yes")));
        assertEquals("line 1 has an unclosed quote", VerbatimLines.problem(List.of("notify_master_rx_lower_pri \"/x")));
        assertEquals("line 1 has a brace inside it (one block opens or closes per line)", VerbatimLines.problem(List.of("track_interface { eth1 }")));
        assertEquals("line 1 closes a block that is not open", VerbatimLines.problem(List.of("}")));
        assertEquals("a block is not closed", VerbatimLines.problem(List.of("track_interface {", "eth1")));
        assertEquals("line 3 nests blocks deeper than keepalived's keywords here do", VerbatimLines.problem(List.of("a {", "b {", "c {")));
        assertEquals("line 1 must be printable ASCII on one line", VerbatimLines.problem(List.of("smtp_alert\u2028state MASTER")));
        assertEquals("line 1 does not start with a keepalived keyword: 'Smtp_alert'", VerbatimLines.problem(List.of("Smtp_alert")));
        assertEquals("line 1 must be 1-255 characters", VerbatimLines.problem(List.of(" ")));
        assertEquals("at most 1000 lines, got 1001", VerbatimLines.problem(Collections.nCopies(1001, "smtp_alert")));
    }
}
