package io.hastate.ha.rollout;

import io.hastate.ha.model.Pairs;
import io.hastate.core.run.EngineEvent;
import io.hastate.core.plan.HostPlan;

import io.hastate.core.graph.Compiler;
import io.hastate.core.graph.StateGraph;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.load.StateTree;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.testing.Fixtures;
import io.hastate.core.testing.KvFunction;
import io.hastate.core.testing.KvHost;
import io.hastate.core.transport.CommandResult;
import io.hastate.core.testing.FakeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rollout against fake pair members: a keepalived-named key-value state, and hosts that answer
 * the rollout's own look (which addresses they hold, when keepalived started).
 */
class RolloutTest {
    @TempDir
    Path dir;

    final Compiler compiler = new Compiler(new ModuleRegistry(List.of(new KvFunction("keepalived"), new KvFunction("app"))));
    final Map<String, KvHost> kv = new HashMap<>();
    final Set<String> holders = Collections.synchronizedSet(new HashSet<>());
    final Map<String, String> vrrpStates = new HashMap<>();
    final Set<String> electedOnceStarted = new HashSet<>();
    final Set<String> drained = new HashSet<>();
    /** A node's keepalived journal lines, where one state for its pair's instance is not enough. */
    final Map<String, String> journal = new HashMap<>();
    final List<EngineEvent> events = Collections.synchronizedList(new ArrayList<>());

    Inventory inventory(int pairs, String vrrpExtra) {
        StringBuilder y = new StringBuilder("hosts:\n");
        for (int p = 1; p <= pairs; p++) y.append("  a").append(p).append(": {}\n  b").append(p).append(": {}\n");
        y.append("pairs:\n");
        for (int p = 1; p <= pairs; p++) {
            y.append("  p").append(p).append(":\n    nodes:\n      a").append(p).append(": {priority: 150}\n      b").append(p)
                    .append(": {priority: 100}\n    vrrp: {virtual_router_id: ").append(p).append(", interface: eth0, vips: [10.0.0.")
                    .append(p).append("/32]").append(vrrpExtra).append("}\n");
        }
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", y.toString()));
    }

    /** Every host of the inventory gets one keepalived-named state whose key is already in place. */
    List<HostPlan> plans(Inventory inv) {
        return plans(inv, "keepalived");
    }

    /** Plans whose one state belongs to {@code module}, for the hosts named (all when none is). */
    List<HostPlan> plans(Inventory inv, String module, String... only) {
        Fixtures.write(dir, "states/ha.yaml", "conf:\n  " + module + ".set:\n    value: v1\n");
        StateGraph graph = compiler.compile(new StateTree(dir.resolve("states")).load(List.of("ha"), Location.NONE), Map.of());
        List<HostPlan> out = new ArrayList<>();
        for (String h : inv.hosts().keySet()) {
            kv.computeIfAbsent(h, k -> new KvHost()).values.put("conf", "v1");
            if (only.length == 0 || List.of(only).contains(h)) out.add(new HostPlan(inv.host(h), graph, Set.of()));
        }
        return out;
    }

    List<String> rollout(Inventory inv, List<HostPlan> plans, int serial, int maxFail) {
        new Rollout(h -> kv.get(h.name()).transport().handle(cmd -> look(h.name(), cmd)), events::add, 4, serial, maxFail, new FakeTime().waiter(),
                inv, plans).run();
        List<String> steps = new ArrayList<>();
        for (EngineEvent e : List.copyOf(events)) if (e instanceof RolloutStep s) steps.add(s.pair() + ": " + s.message());
        return steps;
    }

    /** Each step's pair and kind, in order: what the rollout did, whatever its words. */
    List<String> kinds() {
        List<String> out = new ArrayList<>();
        for (EngineEvent e : List.copyOf(events)) if (e instanceof RolloutStep s) out.add(s.pair() + " " + s.kind() + (s.problem() ? " problem" : ""));
        return out;
    }

    Optional<CommandResult> look(String host, String command) {
        if (command.contains("/etc/hastate/drained")) return Optional.of(CommandResult.ok(drained.contains(host) ? "drained\n" : "active\n"));
        if (command.startsWith("ip -j addr show")) {
            StringBuilder json = new StringBuilder("[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"10.0.1.1\",\"scope\":\"global\"}");
            // A node named in electedOnceStarted takes the VIP as soon as its own apply has begun.
            if (electedOnceStarted.contains(host) && hostsStarted().contains(host)) holders.add(host + "=10.0.0." + host.substring(1));
            for (String vip : holders) if (vip.startsWith(host + "=")) json.append(",{\"local\":\"").append(vip.substring(host.length() + 1)).append("\",\"scope\":\"global\"}");
            return Optional.of(CommandResult.ok(json.append("]}]").toString()));
        }
        if (command.startsWith("systemctl show -p ActiveState")) {
            String pair = "p" + host.substring(1);
            return Optional.of(CommandResult.ok("ActiveState=active\nExecMainStartTimestampMonotonic=1000\n" + journal.getOrDefault(host, "(" + pair + ") Entering "
                    + vrrpStates.getOrDefault(host, "BACKUP") + " STATE\n")));
        }
        return Optional.empty();
    }

    List<String> hostsStarted() {
        List<EngineEvent> seen;
        synchronized (events) {
            seen = List.copyOf(events);
        }
        return seen.stream().filter(e -> e instanceof EngineEvent.HostStarted).map(e -> ((EngineEvent.HostStarted) e).host()).toList();
    }

    @Test
    void aRolloutRunsOnce() {
        Inventory inv = inventory(1, "");
        holders.add("a1=10.0.0.1");
        Rollout once = new Rollout(h -> kv.get(h.name()).transport().handle(cmd -> look(h.name(), cmd)), events::add, 4, 1, 1, new FakeTime().waiter(),
                inv, plans(inv));
        once.run();
        IllegalStateException again = assertThrows(IllegalStateException.class, once::run);
        assertTrue(again.getMessage().contains("runs once"), again.getMessage());
    }

    @Test
    void theNodeWithoutTheVipGoesFirstWhicheverTheInventoryPrefers() {
        Inventory inv = inventory(1, ", preempt: false");
        holders.add("b1=10.0.0.1");
        List<String> steps = rollout(inv, plans(inv), 10, 1);
        assertEquals(List.of("p1: VIP held by b1: a1 first, then b1", "p1: a1 done; VIP held by b1", "p1: b1 done; VIP held by b1"), steps);
        assertEquals(List.of("a1", "b1"), hostsStarted());
    }

    @Test
    void everyPairsOrderIsAnnouncedBeforeTheFirstNodeIsTouched() {
        Inventory inv = inventory(3, "");
        holders.add("a1=10.0.0.1");
        holders.add("b2=10.0.0.2");
        rollout(inv, plans(inv), 1, 1);
        List<EngineEvent> seen = List.copyOf(events);
        int firstStarted = seen.indexOf(seen.stream().filter(e -> e instanceof EngineEvent.HostStarted).findFirst().orElseThrow());
        List<String> announced = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) instanceof RolloutOrder p) {
                assertTrue(i < firstStarted, "announced before any host starts: " + seen);
                announced.add(p.pair() + ": " + p.order());
            }
        }
        assertEquals(List.of("p1: VIP held by a1: b1 first, then a1", "p2: VIP held by b2: a2 first, then b2",
                "p3: VIP held by nobody: a3 first, then b3"), announced);
    }

    @Test
    void aPreemptingPairWhosePreferredNodeIsDrainedIsExpectedOnItsPeer() {
        Inventory inv = inventory(1, "");
        drained.add("a1");
        holders.add("b1=10.0.0.1");
        List<String> steps = rollout(inv, plans(inv), 1, 1);
        assertEquals(List.of("p1: VIP held by b1: a1 first, then b1", "p1: a1 done; VIP held by b1", "p1: b1 done; VIP held by b1"), steps,
                "no problem: the drained preferred node gave the VIP up on purpose");
    }

    @Test
    void aFailedPairStopsTheRolloutAtMaxFailAndTheRestIsNotStarted() {
        Inventory inv = inventory(3, "");
        for (int p = 1; p <= 3; p++) holders.add("a" + p + "=10.0.0." + p);
        List<HostPlan> plans = plans(inv);
        kv.get("b1").values.put("conf", "old");
        kv.get("b1").failSet.add("conf");
        List<String> steps = rollout(inv, plans, 1, 1);
        assertEquals(List.of("p1: VIP held by a1: b1 first, then a1", "p1: b1 failed: a1 left as it was",
                "-: stopped: 1 pair(s) failed (--max-fail 1)", "p2: not started: the rollout stopped", "p3: not started: the rollout stopped"), steps);
        assertEquals(List.of("p1 PLANNED", "p1 NODE_FAILED problem", "- STOPPED problem", "p2 NOT_STARTED problem", "p3 NOT_STARTED problem"), kinds());
        assertEquals(List.of("b1"), hostsStarted(), "a1, the master, was never touched");
    }

    @Test
    void theHolderIsNotTouchedWhileItsPeerCouldNotTakeOver() {
        Inventory inv = inventory(1, "");
        holders.add("a1=10.0.0.1");
        vrrpStates.put("b1", "FAULT");
        List<String> steps = rollout(inv, plans(inv), 10, 1);
        assertEquals(List.of("p1: VIP held by a1: b1 first, then a1", "p1: b1 done; VIP held by a1",
                "p1: b1 is no standby (keepalived is in FAULT): a1, which holds the VIP, left as it was"), steps);
        assertEquals(List.of("p1 PLANNED", "p1 NODE_DONE", "p1 NODE_LEFT problem"), kinds());
        assertEquals(List.of("b1"), hostsStarted());
    }

    @Test
    void aPairNobodyHoldsStartsWithItsPreferredNode() {
        Inventory inv = inventory(1, "");
        electedOnceStarted.add("a1");
        List<String> steps = rollout(inv, plans(inv), 10, 1);
        assertEquals(List.of("p1: VIP held by nobody: a1 first, then b1", "p1: a1 done; VIP held by a1", "p1: b1 done; VIP held by a1"), steps);
        assertEquals(List.of("a1", "b1"), hostsStarted());
    }

    @Test
    void aVipHeldByBothNodesTripsTheCircuitBreaker() {
        Inventory inv = inventory(2, "");
        holders.add("a1=10.0.0.1");
        holders.add("b1=10.0.0.1");
        holders.add("a2=10.0.0.2");
        List<String> steps = rollout(inv, plans(inv), 1, 5);
        assertEquals("p1: CIRCUIT BREAKER after a1: VIP held by a1 and b1; rollout stopped", steps.get(1));
        assertEquals("p1 CIRCUIT_BREAKER problem", kinds().get(1));
        assertTrue(steps.contains("p2: not started: the rollout stopped"), steps.toString());
        assertFalse(hostsStarted().contains("b1"), "the other node of a split pair is left alone");
    }

    @Test
    void aPairRollsOutWhateverModuleManagesIt() {
        Inventory inv = inventory(1, ", preempt: false");
        holders.add("a1=10.0.0.1");
        List<String> steps = rollout(inv, plans(inv, "app"), 10, 1);
        assertEquals("p1: VIP held by a1: b1 first, then a1", steps.get(0));
        assertEquals(List.of("b1", "a1"), hostsStarted(), "the holder last, after its peer was verified");
    }

    @Test
    void limitedToTheHolderItIsChangedOnlyWhileItsUnselectedPeerIsAReadyStandby() {
        Inventory inv = inventory(1, ", preempt: false");
        holders.add("a1=10.0.0.1");
        List<String> steps = rollout(inv, plans(inv, "app", "a1"), 10, 1);
        assertEquals(List.of("p1: VIP held by a1: only a1 is in this run; b1 is read, not changed", "p1: a1 done; VIP held by a1"), steps);
        assertEquals(List.of("a1"), hostsStarted());

        events.clear();
        vrrpStates.put("b1", "FAULT");
        steps = rollout(inv, plans(inv, "app", "a1"), 10, 1);
        assertEquals("p1: b1 is no standby (keepalived is in FAULT): a1, which holds the VIP, left as it was", steps.get(1));
        assertEquals(List.of(), hostsStarted(), "the holder was not touched");
    }

    @Test
    void limitedToTheStandbyTheHolderIsOnlyRead() {
        Inventory inv = inventory(1, ", preempt: false");
        holders.add("a1=10.0.0.1");
        List<String> steps = rollout(inv, plans(inv, "app", "b1"), 10, 1);
        assertEquals(List.of("p1: VIP held by a1: only b1 is in this run; a1 is read, not changed", "p1: b1 done; VIP held by a1"), steps);
        assertEquals(List.of("b1"), hostsStarted());
    }

    @Test
    void aPairNobodyHoldsIsNotRequiredToGainAHolderFromStatesThatDoNotStartKeepalived() {
        Inventory inv = inventory(1, "");
        List<String> steps = rollout(inv, plans(inv, "app"), 10, 1);
        assertEquals(List.of("p1: VIP held by nobody: a1 first, then b1", "p1: a1 done; VIP held by nobody yet", "p1: b1 done; VIP held by nobody yet"),
                steps);
        assertEquals(List.of("a1", "b1"), hostsStarted());
    }

    /** One active/active pair: a1 prefers web (10.0.0.1), b1 prefers api (10.0.0.2). */
    Inventory activeActive() {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a1: {}, b1: {}}
                pairs:
                  p1:
                    nodes: {a1: {priority: 150}, b1: {priority: 100}}
                    instances:
                      web: {virtual_router_id: 1, interface: eth0, vips: [10.0.0.1/32]}
                      api: {virtual_router_id: 2, interface: eth0, vips: [10.0.0.2/32], priorities: {a1: 100, b1: 150}}
                """));
    }

    @Test
    void eachNodeOfAnActiveActivePairIsChangedWithItsPeerAStandbyForWhatItHolds() {
        Inventory inv = activeActive();
        holders.add("a1=10.0.0.1");
        holders.add("b1=10.0.0.2");
        List<String> steps = rollout(inv, plans(inv), 10, 1);
        assertEquals(List.of("p1: web held by a1, api held by b1: b1 first, then a1", "p1: b1 done; web held by a1, api held by b1",
                "p1: a1 done; web held by a1, api held by b1"), steps);
        assertEquals(List.of("b1", "a1"), hostsStarted());
    }

    @Test
    void aNodeHoldingOneInstanceIsLeftAloneWhileItsPeerIsInFaultForThatInstance() {
        Inventory inv = activeActive();
        holders.add("a1=10.0.0.1");
        holders.add("b1=10.0.0.2");
        // a1 could not take api over: b1, which holds it and goes first, is not touched.
        journal.put("a1", "(web) Entering MASTER STATE\n(api) Entering BACKUP STATE\n(api) entering FAULT state\n");
        List<String> steps = rollout(inv, plans(inv), 10, 1);
        assertEquals(List.of("p1: web held by a1, api held by b1: b1 first, then a1",
                "p1: a1 is no standby (keepalived is in FAULT for api): b1, which holds api, left as it was"), steps);
        assertEquals(List.of(), hostsStarted());
    }

    @Test
    void anActiveActiveInstanceLeftOnTheWrongNodeFailsThePairOnceBothAreDone() {
        Inventory inv = activeActive();
        holders.add("a1=10.0.0.1");
        holders.add("a1=10.0.0.2");
        List<String> steps = rollout(inv, plans(inv), 10, 1);
        assertEquals("p1: a1 done; web held by a1, api held by a1", steps.get(2));
        assertEquals("p1: api held by a1, but b1 has the higher priority and preempts: keepalived on b1 is not master (see its journal)", steps.get(3));
    }

    /** b1 is in two pairs: p1 with a1 (a1 preferred), p2 with c1 (b1 preferred). */
    Inventory sharedHost() {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts: {a1: {}, b1: {}, c1: {}}
                pairs:
                  p1:
                    nodes: {a1: {priority: 150}, b1: {priority: 100}}
                    vrrp: {virtual_router_id: 1, interface: eth0, vips: [10.0.0.1/32]}
                  p2:
                    nodes: {b1: {priority: 150}, c1: {priority: 100}}
                    vrrp: {virtual_router_id: 2, interface: eth0, vips: [10.0.0.2/32]}
                """));
    }

    @Test
    void aHostInTwoPairsIsChangedOnceWithItsPeersInBothPairsStandbys() {
        Inventory inv = sharedHost();
        holders.add("a1=10.0.0.1");
        holders.add("b1=10.0.0.2");
        List<String> steps = rollout(inv, plans(inv), 10, 1);
        assertEquals(List.of("p1: VIP held by a1: b1 first, then a1", "p1: b1 done; VIP held by a1", "p2: b1 done; VIP held by b1",
                "p1: a1 done; VIP held by a1", "p2: VIP held by b1: c1 first, then b1", "p2: c1 done; VIP held by b1",
                "p2: b1 already done with pair p1"), steps);
        assertEquals(List.of("b1", "a1", "c1"), hostsStarted(), "each host once, the pairs one after the other");
    }

    @Test
    void aHostInTwoPairsIsLeftAloneWhileItsPeerInTheOtherPairIsNoStandby() {
        Inventory inv = sharedHost();
        holders.add("a1=10.0.0.1");
        holders.add("b1=10.0.0.2");
        vrrpStates.put("c1", "FAULT");
        List<String> steps = rollout(inv, plans(inv), 10, 5);
        assertEquals("p1: c1 is no standby in pair p2 (keepalived is in FAULT): b1, which holds the VIP there, left as it was", steps.get(1));
        assertEquals("p2: not started: pair p1, which shares a host with it, failed", steps.get(2));
        assertEquals(List.of("p1 PLANNED", "p1 NODE_LEFT problem", "p2 NOT_STARTED problem"), kinds());
        assertEquals(List.of(), hostsStarted());
    }

    @Test
    void pairsSharingAHostFormOneUnitAndOthersRollOutApart() {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "units.yaml", """
                hosts: {a: {}, b: {}, c: {}, d: {}, e: {}, f: {}}
                pairs:
                  p1: {nodes: {a: {priority: 2}, b: {priority: 1}}, vrrp: {virtual_router_id: 1, interface: eth0, vips: [10.0.0.1/32]}}
                  p2: {nodes: {d: {priority: 2}, e: {priority: 1}}, vrrp: {virtual_router_id: 2, interface: eth0, vips: [10.0.0.2/32]}}
                  p3: {nodes: {c: {priority: 2}, f: {priority: 1}}, vrrp: {virtual_router_id: 3, interface: eth0, vips: [10.0.0.3/32]}}
                  p4: {nodes: {b: {priority: 2}, c: {priority: 1}}, vrrp: {virtual_router_id: 4, interface: eth0, vips: [10.0.0.4/32]}}
                """));
        List<List<String>> units = Rollout.units(List.copyOf(Pairs.all(inv).values())).stream()
                .map(u -> u.stream().map(io.hastate.ha.model.Pair::name).toList()).toList();
        assertEquals(List.of(List.of("p1", "p3", "p4"), List.of("p2")), units, "p4 joins p1 (by b) and p3 (by c)");
    }
}
