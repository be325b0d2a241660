package io.hastate.ha.model;

import io.hastate.core.load.InventoryLoader;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pair's VRRP instances: several (active/active), IPv6 VIPs in their own, VRIDs per LAN and family. */
class PairInstancesTest {
    @TempDir
    Path dir;

    static final String HOSTS = "hosts: {a: {address: 10.0.0.1}, b: {address: 10.0.0.2}, c: {}, d: {}}\n";

    Map<String, Pair> load(String pairs) {
        return Pairs.all(new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", HOSTS + "pairs:\n" + pairs)));
    }

    InvalidInputException refused(String pairs) {
        return assertThrows(InvalidInputException.class, () -> load(pairs));
    }

    static final String ACTIVE_ACTIVE = """
              lb:
                nodes: {a: {priority: 150}, b: {priority: 100}}
                instances:
                  lb_web:
                    virtual_router_id: 51
                    interface: eth0
                    vips: [10.0.0.51/32]
                  lb_api:
                    virtual_router_id: 52
                    interface: eth0
                    vips: [10.0.0.52/32, 10.0.0.53/32]
                    priorities: {a: 100, b: 150}
                    preempt: false
            """;

    @Test
    void eachInstanceHasItsOwnVipsAndPreferredNode() {
        Pair lb = load(ACTIVE_ACTIVE).get("lb");
        assertEquals(List.of("lb_web", "lb_api"), lb.instances().stream().map(Vrrp::name).toList());
        assertEquals("a", lb.preferred(lb.instances().get(0)).host());
        assertEquals("b", lb.preferred(lb.instances().get(1)).host(), "b prefers lb_api: active/active");
        assertEquals(150, Pair.priority(lb.second(), lb.instances().get(1)));
        assertEquals(100, Pair.priority(lb.second(), lb.instances().get(0)), "the node's own priority where the instance gives none");
        assertEquals(List.of("10.0.0.51/32", "10.0.0.52/32", "10.0.0.53/32"), lb.vips().stream().map(Object::toString).toList());
        assertTrue(!lb.instances().get(1).preempt() && lb.instances().get(0).preempt());
        assertEquals("lb_web", lb.vrrp().name(), "the first instance is the pair's main one");
    }

    @Test
    void theOneInstanceShorthandIsNamedAfterThePair() {
        Pair web = load("""
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.51/32]}
                """).get("web");
        assertEquals(List.of("web"), web.instances().stream().map(Vrrp::name).toList());
    }

    @Test
    void mixedFamiliesBecomeAnIpv4AndAnIpv6InstanceWithOneVrid() {
        Pair web = load("""
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp:
                      virtual_router_id: 51
                      interface: eth0
                      vips: [10.0.0.51/32, "fd77::51/128", 10.0.0.52/32]
                      checks: {svc: {process: haproxy}}
                      notify: {master: /usr/local/bin/up}
                """).get("web");
        Vrrp v4 = web.instances().get(0);
        Vrrp v6 = web.instances().get(1);
        assertEquals(List.of("web", "web_v6"), List.of(v4.name(), v6.name()));
        assertEquals(List.of("10.0.0.51/32", "10.0.0.52/32"), v4.vips().stream().map(Object::toString).toList());
        assertEquals(List.of("fd77::51/128"), v6.vips().stream().map(Object::toString).toList());
        assertEquals(51, v6.virtualRouterId());
        assertTrue(v6.ipv6() && !v4.ipv6());
        assertEquals(v4.checks(), v6.checks(), "the checks move both");
        assertEquals(Map.of("master", "/usr/local/bin/up"), v4.notifyScripts());
        assertEquals(Map.of(), v6.notifyScripts(), "notify scripts run once, for the IPv4 instance");
    }

    @Test
    void anIpv6OnlyPairKeepsItsName() {
        Pair web = load("""
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: ["fd77::51/128"], notify: {master: /usr/local/bin/up}}
                """).get("web");
        assertEquals(List.of("web"), web.instances().stream().map(Vrrp::name).toList());
        assertEquals(Map.of("master", "/usr/local/bin/up"), web.vrrp().notifyScripts());
    }

    @Test
    void oneVridServesIpv4AndIpv6PairsOnOneLan() {
        Map<String, Pair> pairs = load("""
                  v4:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.51/32]}
                  v6:
                    nodes: {c: {priority: 150}, d: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: ["fd77::51/128"]}
                """);
        assertEquals(2, pairs.size());
    }

    static final String LB = """
              lb:
                nodes: {a: {priority: 150}, b: {priority: 100}}
                instances:
                  lb_web:
                    virtual_router_id: 51
                    interface: eth0
                    vips: [10.0.0.51/32]
                    protection: keep-configuration
                    checks: {svc: {process: haproxy}}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one VRID twice           | x: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.9/32]}  | pairs.lb.instances.x.virtual_router_id | instances lb (lb_web) and lb (x) both use VRID 51
            one interface two ways   | x: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32], protection: vmac}   | pairs.lb.instances.x | both on eth0 but protected by keep-configuration and vmac
            ifupdown beside networkd | x: {virtual_router_id: 9, interface: eth1, vips: [10.0.0.9/32], protection: ifupdown} | pairs.lb.instances.x | takes the host off networkd
            a third node's priority  | x: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32], priorities: {a: 1, c: 2}}   | pairs.lb.instances.x.priorities.c | not a node of the pair
            one node's priority      | x: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32], priorities: {a: 1}}         | pairs.lb.instances.x.priorities   | both nodes a priority, or neither
            equal priorities         | x: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32], priorities: {a: 7, b: 7}}   | pairs.lb.instances.x.priorities   | different priorities
            priority out of range    | x: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32], priorities: {a: 255, b: 7}} | pairs.lb.instances.x.priorities.a | 1-254
            unknown field            | x: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32], weight: 3}                  | pairs.lb.instances.x.weight       | unknown field
            bad instance name        | 'x y': {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32]}                         | pairs.lb.instances.x y            | not a valid name
            a check declared twice   | x: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32], checks: {svc: {process: nginx}}} | pairs.lb.instances.x.checks.svc | declares check svc differently
            unicast IPv6             | x: {virtual_router_id: 9, interface: eth0, vips: ['fd77::9/128'], unicast: true}            | pairs.lb.instances.x.unicast      | not supported with IPv6
            vmac with IPv6           | x: {virtual_router_id: 9, interface: eth0, vips: ['fd77::9/128'], protection: vmac}         | pairs.lb.instances.x.protection   | keep-configuration
            """)
    void badInstancesAreRefusedNamingTheField(String name, String instance, String field, String message) {
        InvalidInputException e = refused(LB + "      " + instance + "\n");
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.problem().contains(message), e.getMessage());
    }

    static final String TWO = """
              lb:
                nodes: {a: {priority: 150}, b: {priority: 100}}
                instances:
                  lb_front: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.51/32]}
                  lb_back: {virtual_router_id: 52, interface: eth1, vips: [10.1.0.52/32]}
            """;

    @Test
    void aSyncGroupNamesInstancesOfItsPairAndRendersAsKeepalivedsBlock() {
        Pair lb = load(TWO + "    sync_groups:\n      lb_sync: {instances: [lb_front, lb_back], notify: {master: /usr/local/bin/lb-up, state: /usr/local/bin/lb-state}}\n").get("lb");
        assertEquals(1, lb.syncGroups().size());
        assertEquals(List.of("vrrp_sync_group lb_sync {", "group {", "lb_front", "lb_back", "}", "notify_master /usr/local/bin/lb-up",
                "notify /usr/local/bin/lb-state", "}"), lb.syncGroups().get(0).lines());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one instance         | g: {instances: [lb_front]}                                   | pairs.lb.sync_groups.g.instances  | at least two instances
            not of the pair      | g: {instances: [lb_front, web]}                              | pairs.lb.sync_groups.g.instances  | web is not an instance of the pair (its instances: lb_front, lb_back)
            listed twice         | g: {instances: [lb_front, lb_front]}                         | pairs.lb.sync_groups.g.instances  | listed twice
            in two groups        | g: {instances: [lb_front, lb_back]}, h: {instances: [lb_back, lb_front]} | pairs.lb.sync_groups.h.instances | in another sync group already
            stop has no group    | g: {instances: [lb_front, lb_back], notify: {stop: /bin/x}}  | pairs.lb.sync_groups.g.notify.stop | master, backup, fault, state
            notify not a path    | g: {instances: [lb_front, lb_back], notify: {master: 'x y'}} | pairs.lb.sync_groups.g.notify.master | absolute path
            unknown field        | g: {instances: [lb_front, lb_back], smtp_alert: true}        | pairs.lb.sync_groups.g.smtp_alert | unknown field
            bad name             | 'g h': {instances: [lb_front, lb_back]}                      | pairs.lb.sync_groups.g h          | not a valid sync group name
            """)
    void badSyncGroupsAreRefusedNamingTheField(String name, String groups, String field, String message) {
        InvalidInputException e = refused(TWO + "    sync_groups: {" + groups + "}\n");
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.problem().contains(message), e.getMessage());
        assertTrue(e.location().line() > 0, e.getMessage());
    }

    @Test
    void aSyncGroupIsDeclaredOnceAcrossTheInventoryAndNotAlsoAsWritten() {
        InvalidInputException twice = refused(TWO + "    sync_groups: {g: {instances: [lb_front, lb_back]}}\n"
                + "  db:\n    nodes: {c: {priority: 150}, d: {priority: 100}}\n    instances:\n"
                + "      db_a: {virtual_router_id: 61, interface: eth0, vips: [10.0.0.61/32]}\n      db_b: {virtual_router_id: 62, interface: eth0, vips: [10.0.0.62/32]}\n"
                + "    sync_groups: {g: {instances: [db_a, db_b]}}\n");
        assertTrue(twice.problem().contains("sync group g is declared by pairs lb and db"), twice.getMessage());
        InvalidInputException written = refused(TWO + "    sync_groups: {g: {instances: [lb_front, lb_back]}}\n"
                + "    verbatim: ['vrrp_sync_group g {', 'group {', lb_front, lb_back, '}', '}']\n");
        assertTrue(written.problem().contains("verbatim declares a vrrp_sync_group g too"), written.getMessage());
    }

    @Test
    void aPairDeclaresVrrpOrInstancesNotBothAndNotNeither() {
        InvalidInputException both = refused(LB + "    vrrp: {virtual_router_id: 9, interface: eth0, vips: [10.0.0.9/32]}\n");
        assertEquals("pairs.lb", both.field(), both.getMessage());
        assertTrue(both.problem().contains("not both"), both.getMessage());
        InvalidInputException empty = refused("  lb:\n    nodes: {a: {priority: 150}, b: {priority: 100}}\n    instances: {}\n");
        assertEquals("pairs.lb.instances", empty.field(), empty.getMessage());
        InvalidInputException neither = refused("  lb:\n    nodes: {a: {priority: 150}, b: {priority: 100}}\n");
        assertTrue(neither.problem().contains("'vrrp'") && neither.problem().contains("'instances'"), neither.getMessage());
    }

    @Test
    void instanceNamesAreDistinctAcrossTheInventory() {
        InvalidInputException e = refused("""
                  web:
                    nodes: {a: {priority: 150}, b: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.51/32]}
                  db:
                    nodes: {c: {priority: 150}, d: {priority: 100}}
                    instances: {web: {virtual_router_id: 52, interface: eth0, vips: [10.0.0.52/32]}}
                """);
        assertTrue(e.problem().contains("instance name web is used twice"), e.getMessage());
    }
}
