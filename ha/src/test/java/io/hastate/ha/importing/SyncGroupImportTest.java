package io.hastate.ha.importing;

import io.hastate.ha.model.SyncGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class SyncGroupImportTest {
    static final Set<String> INSTANCES = Set.of("VI_1", "VI_2", "VI_3");
    static final List<String> ROUTES = List.of("static_routes {", "10.2.0.0/24 via 10.1.0.254 dev eth1", "}");

    @Test
    void aGroupTheModelSaysExactlyBecomesSyncGroupsAndTheOtherLinesStayAsWritten() {
        List<String> lines = new java.util.ArrayList<>(List.of("vrrp_sync_group G1 {", "  group {", "    VI_1", "    VI_2", "  }",
                "  notify_master /usr/local/bin/g1-up", "  notify /usr/local/bin/g1-state", "}"));
        lines.addAll(ROUTES);
        SyncGroupImport.Result r = SyncGroupImport.of(lines, INSTANCES);
        assertEquals(List.of(List.of("vrrp_sync_group G1 {", "group {", "VI_1", "VI_2", "}", "notify_master /usr/local/bin/g1-up",
                "notify /usr/local/bin/g1-state", "}")), r.groups().stream().map(SyncGroup::lines).toList());
        assertEquals(Map.of("master", "/usr/local/bin/g1-up", "state", "/usr/local/bin/g1-state"), r.groups().get(0).notifyScripts());
        assertEquals(ROUTES, r.rest());
    }

    @Test
    void whatTheModelCannotSayExactlyStaysAsWritten() {
        // keepalived's own sample: notify lines with arguments.
        List<String> withArguments = List.of("vrrp_sync_group G1 {", "group {", "VI_1", "VI_2", "}", "notify_master \"/usr/local/bin/vrrp.mast arg1 arg2\"", "}");
        assertEquals(withArguments, SyncGroupImport.of(withArguments, INSTANCES).rest());
        List<String> unknownMember = List.of("vrrp_sync_group G1 {", "group {", "VI_1", "VI_9", "}", "}");
        assertEquals(unknownMember, SyncGroupImport.of(unknownMember, INSTANCES).rest());
        List<String> tracking = List.of("vrrp_sync_group G1 {", "group {", "VI_1", "VI_2", "}", "track_interface {", "eth2", "}", "}");
        assertEquals(tracking, SyncGroupImport.of(tracking, INSTANCES).rest());
        List<String> ofOne = List.of("vrrp_sync_group G1 {", "group {", "VI_1", "}", "}");
        assertEquals(ofOne, SyncGroupImport.of(ofOne, INSTANCES).rest());
        // A group after another block would move before it: the order of the file is kept instead.
        List<String> after = new java.util.ArrayList<>(ROUTES);
        after.addAll(List.of("vrrp_sync_group G1 {", "group {", "VI_1", "VI_2", "}", "}"));
        assertEquals(after, SyncGroupImport.of(after, INSTANCES).rest());
        assertEquals(List.of(), SyncGroupImport.of(after, INSTANCES).groups());
    }

    @Test
    void aMemberImportRenamedIsRenamedInItsGroupOnly() {
        List<String> lines = List.of("vrrp_sync_group G1 {", "  group {", "    VI 1", "    VI_2", "  }", "  notify_master \"/bin/x VI 1\"", "}",
                "static_routes {", "VI 1", "}");
        assertEquals(List.of("vrrp_sync_group G1 {", "  group {", "    vrid51", "    VI_2", "  }", "  notify_master \"/bin/x VI 1\"", "}",
                "static_routes {", "VI 1", "}"), SyncGroupImport.renamed(lines, Map.of("VI 1", "vrid51")));
    }
}
