package io.hastate.ha.handover;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.testing.FakeTransport;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.testing.FakeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a planned move refuses, and what it leaves behind when it cannot finish: fake nodes that answer hastate's reads. */
class HandoverTest {
    @TempDir
    Path dir;

    final Set<String> holders = new HashSet<>();
    /** The nodes holding 10.0.0.8, the second instance's VIP of an active/active pair. */
    final Set<String> apiHolders = new HashSet<>();
    /** Address reads (any node) left before b holds api again: a move under way. */
    int readsUntilBHoldsApi = -1;
    /** A node's journal lines for keepalived, where the one-state answer is not enough. */
    final Map<String, String> journal = new HashMap<>();
    final Map<String, String> keepalived = new HashMap<>();
    final Set<String> marks = new HashSet<>();
    final Map<String, FakeTransport> hosts = new HashMap<>();
    final List<String> reconfigured = new ArrayList<>();

    Inventory inventory(boolean preempt) {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a: {}, b: {}}
                pairs:
                  web:
                    nodes: {a: {priority: 150%s}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.7/32]%s}
                """.formatted(preempt ? ", state: MASTER" : "", preempt ? "" : ", preempt: false")));
    }

    FakeTransport host(String name) {
        return hosts.computeIfAbsent(name, h -> new FakeTransport().handle(c -> answer(h, c)));
    }

    Optional<CommandResult> answer(String host, String command) {
        if (command.startsWith("ip -j addr show")) {
            if (readsUntilBHoldsApi > 0 && --readsUntilBHoldsApi == 0) apiHolders.add("b");
            String vip = (holders.contains(host) ? ",{\"local\":\"10.0.0.7\",\"scope\":\"global\"}" : "")
                    + (apiHolders.contains(host) ? ",{\"local\":\"10.0.0.8\",\"scope\":\"global\"}" : "");
            return Optional.of(CommandResult.ok("[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"10.0.1.1\",\"scope\":\"global\"}" + vip + "]}]"));
        }
        if (command.startsWith("systemctl show -p ActiveState")) {
            String state = keepalived.getOrDefault(host, "BACKUP");
            return Optional.of(CommandResult.ok((state.equals("stopped") ? "ActiveState=inactive\n" : "ActiveState=active\n")
                    + "ExecMainStartTimestampMonotonic=1000\n" + journal.getOrDefault(host, "(web) Entering " + state + " STATE\n")));
        }
        if (command.contains("if [ -e /etc/hastate/drained ]")) return Optional.of(CommandResult.ok(marks.contains(host + ":drained") ? "drained\n" : "active\n"));
        if (command.startsWith("mkdir -p /etc/hastate")) return Optional.of(CommandResult.ok(""));
        if (command.startsWith("ls -1 /etc/hastate/drained.d")) {
            StringBuilder names = new StringBuilder();
            for (String m : instanceMarks(host)) names.append(m).append('\n');
            return Optional.of(CommandResult.ok(names.toString()));
        }
        if (command.startsWith("rm -f /etc/hastate/")) {
            marks.remove(host + ":" + command.substring("rm -f /etc/hastate/".length()));
            return Optional.of(CommandResult.ok(""));
        }
        return Optional.empty();
    }

    /** The instances drained one by one on {@code host}: marks written more often than removed. */
    List<String> instanceMarks(String host) {
        FakeTransport t = hosts.get(host);
        List<String> out = new ArrayList<>();
        for (String path : t.written().stream().map(FakeTransport.Written::path).distinct().toList()) {
            if (!path.startsWith("/etc/hastate/drained.d/")) continue;
            long writes = t.written().stream().filter(w -> w.path().equals(path)).count();
            long removals = t.commands().stream().filter(("rm -f " + path)::equals).count();
            if (writes > removals) out.add(path.substring(path.lastIndexOf('/') + 1));
        }
        return out;
    }

    /** The VIP waits run on a fake clock: a 7 s deadline costs nothing. */
    final FakeTime time = new FakeTime();

    Handover handover(Inventory inv, boolean reconfigureWorks) {
        return new Handover(h -> host(h.name()), inv, node -> {
            reconfigured.add(node);
            return reconfigureWorks;
        }, time.waiter());
    }

    @Test
    void drainingTheHolderWhileItsPeerIsNoStandbyChangesNothing() {
        Inventory inv = inventory(true);
        holders.add("a");
        keepalived.put("a", "MASTER");
        keepalived.put("b", "stopped");
        Handover.Refused e = assertThrows(Handover.Refused.class, () -> handover(inv, true).drain("a", false));
        assertTrue(e.getMessage().contains("b is no standby (keepalived is not running)"), e.getMessage());
        assertEquals(List.of(), host("a").written(), "no mark written");
        assertEquals(List.of(), reconfigured);
    }

    @Test
    void aDrainWhoseConfigurationFailsTakesItsMarkBack() {
        Inventory inv = inventory(true);
        holders.add("a");
        keepalived.put("a", "MASTER");
        Handover.Refused e = assertThrows(Handover.Refused.class, () -> handover(inv, false).drain("a", false));
        assertTrue(e.getMessage().contains("the mark was taken back"), e.getMessage());
        assertEquals(List.of("/etc/hastate/drained"), host("a").written().stream().map(FakeTransport.Written::path).toList());
        assertTrue(host("a").commands().contains("rm -f /etc/hastate/drained"), host("a").commands().toString());
    }

    @Test
    void aPreemptingPairHeldByItsLowerPriorityNodeIsNotHandedBackUnlessThePreferredNodeIsDrained() {
        Inventory inv = inventory(true);
        holders.add("b");
        keepalived.put("b", "MASTER");
        keepalived.put("a", "FAULT");
        Handover.Refused e = assertThrows(Handover.Refused.class, () -> handover(inv, true).handover("web", null, false));
        assertTrue(e.getMessage().contains("keepalived on a is not a ready standby (keepalived is in FAULT)"), e.getMessage());
        assertEquals(List.of(), reconfigured);
    }

    @Test
    void withoutPreemptionTheTakeoverMarkIsRemovedEvenWhenTheVipNeverMoves() throws Exception {
        Inventory inv = inventory(false);
        holders.add("a");
        keepalived.put("a", "MASTER");
        Handover.Outcome o = handover(inv, true).handover("web", null, false);
        assertTrue(!o.ok(), "the VIP never moved: " + o);
        assertTrue(o.message().contains("keepalived ignored the priority change") && o.message().contains("--allow-blip"), o.message());
        assertTrue(host("b").commands().contains("rm -f /etc/hastate/takeover"), host("b").commands().toString());
        assertEquals(List.of("b", "b"), reconfigured, "b took its takeover configuration, then its declared one again");
    }

    /** b backs a up in web (10.0.0.7) and is preferred in db (10.0.0.8) over c; db does not preempt unless {@code chained}, where c is in a third pair. */
    Inventory twoPairs(boolean chained) {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a: {}, b: {}, c: {}, d: {}}
                pairs:
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.7/32]}
                  db:
                    nodes: {b: {priority: 150}, c: {priority: 100}}
                    vrrp: {virtual_router_id: 8, interface: eth0, vips: [10.0.0.8/32], preempt: false}
                """ + (chained ? """
                  cache:
                    nodes: {c: {priority: 150}, d: {priority: 100}}
                    vrrp: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32]}
                """ : "")));
    }

    /** Whether {@code host} runs with the takeover mark: written more often than removed. */
    boolean takingOver(String host) {
        long writes = host(host).written().stream().filter(w -> w.path().equals("/etc/hastate/takeover")).count();
        return writes > host(host).commands().stream().filter("rm -f /etc/hastate/takeover"::equals).count();
    }

    @Test
    void aNodeOfTwoPairsIsDrainedOfAnInstanceWithoutPreemptionByItsPeersTakeover() throws Exception {
        Inventory inv = twoPairs(false);
        holders.add("a");
        apiHolders.add("b");
        journal.put("b", "(web) Entering BACKUP STATE\n(db) Entering MASTER STATE\n");
        journal.put("c", "(db) Entering BACKUP STATE\n");
        // c takes db only while it runs with the takeover mark; b's drained priority alone moves nothing.
        Handover h = new Handover(n -> host(n.name()), inv, node -> {
            reconfigured.add(node);
            if (node.equals("c") && takingOver("c")) {
                apiHolders.clear();
                apiHolders.add("c");
            }
            return true;
        }, time.waiter());
        Handover.Outcome o = h.drain("b", false);
        assertTrue(o.ok(), o.toString());
        assertEquals("b drained; db: the VIPs moved to c", o.message());
        assertEquals(Set.of("c"), apiHolders);
        assertEquals(Set.of("a"), holders, "web was not touched");
        assertEquals(List.of("b", "c", "c"), reconfigured, "b drained, c took over, then c back at its declared configuration");
        assertTrue(!takingOver("c"), "the takeover mark is gone");
    }

    @Test
    void aDrainByTakeoverIsRefusedWhenThePeerIsInAThirdPair() {
        Inventory inv = twoPairs(true);
        holders.add("a");
        apiHolders.add("b");
        journal.put("b", "(web) Entering BACKUP STATE\n(db) Entering MASTER STATE\n");
        journal.put("c", "(db) Entering BACKUP STATE\n(cache) Entering MASTER STATE\n");
        Handover.Refused e = assertThrows(Handover.Refused.class, () -> handover(inv, true).drain("b", false));
        assertEquals("b holds db of db, which does not preempt, and its peer c is in several pairs too: a takeover would raise c in all of them;"
                + " nothing was changed (hand it over first)", e.getMessage());
        assertEquals(List.of(), reconfigured);
        assertEquals(List.of(), host("b").written(), "no mark written");
    }

    Inventory activeActive() {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a: {}, b: {}}
                pairs:
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    instances:
                      web: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.7/32]}
                      api: {virtual_router_id: 8, interface: eth0, vips: [10.0.0.8/32], priorities: {a: 100, b: 150}}
                """));
    }

    @Test
    void drainingANodeOfAnActiveActivePairMovesWhatItHoldsAndLeavesThePeersInstanceAlone() throws Exception {
        Inventory inv = activeActive();
        holders.add("a");
        apiHolders.add("b");
        // a's drained configuration makes b, which preempts, take web over.
        Handover h = new Handover(n -> host(n.name()), inv, node -> {
            reconfigured.add(node);
            if (node.equals("a") && host("a").written().stream().anyMatch(w -> w.path().equals("/etc/hastate/drained"))) {
                holders.remove("a");
                holders.add("b");
            }
            return true;
        }, time.waiter());
        Handover.Outcome o = h.drain("a", false);
        assertTrue(o.ok(), o.toString());
        assertEquals("drained; web moved to b", o.message());
        assertEquals(Set.of("b"), holders);
        assertEquals(Set.of("b"), apiHolders);
        assertEquals(List.of("a"), reconfigured, "only the drained node's configuration changed: no takeover was needed");
    }

    @Test
    void aNodeIsNotDrainedWhileItsPeerIsInFaultForAnInstanceTheNodeHolds() {
        Inventory inv = activeActive();
        holders.add("a");
        apiHolders.add("b");
        journal.put("b", "(web) Entering BACKUP STATE\n(api) Entering MASTER STATE\n(web) entering FAULT state\n");
        Handover.Refused e = assertThrows(Handover.Refused.class, () -> handover(inv, true).drain("a", false));
        assertTrue(e.getMessage().contains("b is no standby (keepalived is in FAULT for web)"), e.getMessage());
        assertEquals(List.of(), reconfigured, "nothing was changed");

        // b's own instance in FAULT does not matter to a drain of a, which does not hold it.
        journal.put("b", "(web) Entering BACKUP STATE\n(api) entering FAULT state\n");
        apiHolders.clear();
        apiHolders.add("a");
        holders.clear();
        Handover.Outcome o = assertDoesNotThrow(() -> handover(inv, true).drain("b", false));
        assertTrue(o.ok() && o.message().equals("b drained (it did not hold a VIP)"), o.toString());
    }

    @Test
    void aHandoverOfAPairWithSeveralInstancesNamesTheInstanceOrIsRefusedBeforeAnythingChanges() {
        Inventory inv = activeActive();
        holders.add("a");
        apiHolders.add("b");
        var e = assertThrows(io.hastate.core.model.InvalidInputException.class, () -> handover(inv, true).handover("web", null, false));
        assertTrue(e.getMessage().contains("web has 2 VRRP instances (web, api): name the one to move with --instance"), e.getMessage());
        e = assertThrows(io.hastate.core.model.InvalidInputException.class, () -> handover(inv, true).handover("web", "db", null, false));
        assertTrue(e.getMessage().contains("no instance 'db'"), e.getMessage());
        assertEquals(List.of(), reconfigured, "nothing was changed");
        assertTrue(marks.isEmpty());
    }

    @Test
    void oneInstanceOfAnActiveActivePairMovesAloneAndComesBack() throws Exception {
        Inventory inv = activeActive();
        holders.add("a");
        apiHolders.add("b");
        // b drained for api: a, preempting, takes api; web is not touched. Removing the mark brings it back.
        Handover h = new Handover(n -> host(n.name()), inv, node -> {
            reconfigured.add(node);
            boolean drainedForApi = instanceMarks("b").contains("api");
            apiHolders.clear();
            apiHolders.add(drainedForApi ? "a" : "b");
            return true;
        }, time.waiter());
        Handover.Outcome away = h.handover("web", "api", null, false);
        assertTrue(away.ok(), away.toString());
        assertEquals("b drained for api; api moved to a", away.message());
        assertEquals(Set.of("a"), holders, "web stayed on a");
        assertEquals(Set.of("a"), apiHolders);
        assertEquals(List.of("/etc/hastate/drained.d/api"), host("b").written().stream().map(FakeTransport.Written::path).toList());

        Handover.Outcome back = h.handover("web", "api", "b", false);
        assertTrue(back.ok(), back.toString());
        assertEquals("b undrained for api; api moved back to b", back.message());
        assertEquals(Set.of("b"), apiHolders);
        assertEquals(List.of("b", "b"), reconfigured);
        assertTrue(host("b").commands().contains("rm -f /etc/hastate/drained.d/api"), host("b").commands().toString());
    }

    /** Undrained, b takes api back; the first look after its reload catches the move half done (a let go, b not up yet). */
    @Test
    void anUndrainWhoseFirstLookSeesNobodyStillWaitsForThePreferredNode() throws Exception {
        Inventory inv = activeActive();
        holders.add("a");
        apiHolders.add("a");
        Handover h = new Handover(n -> host(n.name()), inv, node -> {
            reconfigured.add(node);
            apiHolders.clear();
            readsUntilBHoldsApi = 3;
            return true;
        }, time.waiter());
        marks.add("b:drained");
        Handover.Outcome back = h.undrain("b");
        assertTrue(back.ok(), back.toString());
        assertEquals("b undrained; api moved back to b", back.message());
        assertEquals(Set.of("b"), apiHolders);
    }
}
