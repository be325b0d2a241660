package io.hastate.api;

import io.hastate.core.plan.HostPlan;
import io.hastate.core.graph.CompiledState;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's HA tree planned for pairs with and without health checks: planning contacts no
 * host, so every template variable and every state argument of the tree is proven here, for both.
 */
class HaTreePlanTest {
    @TempDir
    Path dir;

    static CompiledState state(HostPlan plan, String id) {
        return plan.graph().ordered().stream().map(n -> n.state()).filter(s -> s.ref().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no state " + id + " for " + plan.host().name()));
    }

    @Test
    void pairsWithAndWithoutChecksPlanAndOnlyTheCheckedOneRunsScripts() {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  a1: {address: 10.0.0.1}
                  a2: {address: 10.0.0.2}
                  b1: {address: 10.0.0.3}
                  b2: {address: 10.0.0.4}
                  c1: {address: 10.0.0.5}
                  c2: {address: 10.0.0.6}
                pairs:
                  plain:
                    nodes: {a1: {priority: 150, state: MASTER}, a2: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.100/32]}
                  checked:
                    nodes: {b1: {priority: 150, state: MASTER}, b2: {priority: 100}}
                    vrrp:
                      virtual_router_id: 52
                      interface: eth0
                      vips: [10.0.0.101/32]
                      checks:
                        haproxy: {process: haproxy, weight: -60}
                      notify: {master: /usr/local/bin/vip-up, state: /usr/local/bin/vip-state}
                  notified:
                    nodes: {c1: {priority: 150}, c2: {priority: 100}}
                    vrrp: {virtual_router_id: 53, interface: eth0, vips: [10.0.0.102/32], notify: {fault: /usr/local/bin/vip-fault}}
                """);
        Project project = Project.load(inventory, Path.of("..", "states"), List.of());
        List<HostPlan> plans = project.plan(List.of("a1", "a2", "b1", "b2", "c1", "c2"), List.of("ha"), h -> List.of());
        Map<String, HostPlan> byHost = new java.util.HashMap<>();
        plans.forEach(p -> byHost.put(p.host().name(), p));

        HostPlan plain = byHost.get("a1");
        assertNotNull(state(plain, "keepalived-script-user").inactive(), "no checks: no script user is created");
        assertNotNull(state(plain, "procps-package").inactive());
        CompiledState plainConf = state(plain, "keepalived-config");
        assertEquals(Map.of(), plainConf.args().map("scripts"));
        assertNull(plainConf.args().map("global_defs").get("script_user"), "no script_user line without scripts");

        HostPlan checked = byHost.get("b2");
        CompiledState user = state(checked, "keepalived-script-user");
        assertNull(user.inactive());
        assertTrue(user.args().string("name").endsWith("useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin keepalived_script"),
                user.args().string("name"));
        assertNull(state(checked, "procps-package").inactive(), "a process check needs pgrep");
        CompiledState conf = state(checked, "keepalived-config");
        assertEquals(List.of("checked_haproxy"), List.copyOf(conf.args().map("scripts").keySet()));
        assertEquals("keepalived_script", conf.args().map("global_defs").get("script_user"));
        @SuppressWarnings("unchecked")
        Map<String, Object> instance = (Map<String, Object>) conf.args().list("instances").get(0);
        assertEquals(List.of("checked_haproxy"), instance.get("track_script"));
        assertEquals(List.of("/usr/local/bin/vip-up", "/usr/local/bin/vip-state"), java.util.Arrays.asList(instance.get("notify_master"), instance.get("notify")));
        assertNull(instance.get("notify_backup"));

        // Notify scripts alone run as the script user too.
        HostPlan notified = byHost.get("c1");
        assertNull(state(notified, "keepalived-script-user").inactive());
        assertNotNull(state(notified, "procps-package").inactive(), "no process check: procps is not asked for");
        @SuppressWarnings("unchecked")
        Map<String, Object> faultOnly = (Map<String, Object>) state(notified, "keepalived-config").args().list("instances").get(0);
        assertEquals("/usr/local/bin/vip-fault", faultOnly.get("notify_fault"));
        assertEquals("keepalived_script", state(notified, "keepalived-config").args().map("global_defs").get("script_user"));
        @SuppressWarnings("unchecked")
        Map<String, Object> plainInstance = (Map<String, Object>) plainConf.args().list("instances").get(0);
        assertNull(plainInstance.get("notify_master"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> instances(HostPlan plan) {
        return (List<Map<String, Object>>) (List<?>) state(plan, "keepalived-config").args().list("instances");
    }

    @Test
    void everyInstanceOfAPairIsRenderedOnBothNodesWithItsOwnPriorityAndAnIpv6OneUnpinned() {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  a1: {address: 10.0.0.1}
                  a2: {address: 10.0.0.2}
                  b1: {address: 10.0.0.3}
                  b2: {address: 10.0.0.4}
                pairs:
                  lb:
                    nodes: {a1: {priority: 150, state: MASTER}, a2: {priority: 100}}
                    instances:
                      lb_web: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.51/32], checks: {nginx: {process: nginx}}}
                      lb_api: {virtual_router_id: 52, interface: eth0, vips: [10.0.0.52/32], priorities: {a1: 100, a2: 150},
                               notify: {master: /usr/local/bin/api-up}}
                  dual:
                    nodes: {b1: {priority: 150}, b2: {priority: 100}}
                    vrrp: {virtual_router_id: 61, interface: eth0, vips: [10.0.0.61/32, "fd77::61/128"], unicast: false}
                """);
        Project project = Project.load(inventory, Path.of("..", "states"), List.of());
        Map<String, HostPlan> byHost = new java.util.HashMap<>();
        project.plan(List.of("a1", "a2", "b1", "b2"), List.of("ha"), h -> List.of()).forEach(p -> byHost.put(p.host().name(), p));

        List<Map<String, Object>> onA1 = instances(byHost.get("a1"));
        List<Map<String, Object>> onA2 = instances(byHost.get("a2"));
        assertEquals(List.of("lb_web", "lb_api"), onA1.stream().map(i -> i.get("name")).toList());
        assertEquals(List.of("150", "100"), onA1.stream().map(i -> String.valueOf(i.get("priority"))).toList());
        assertEquals(List.of("100", "150"), onA2.stream().map(i -> String.valueOf(i.get("priority"))).toList(), "a2 prefers lb_api");
        assertEquals(List.of("MASTER", "BACKUP"), onA1.stream().map(i -> i.get("state")).toList(),
                "a1 starts as MASTER only where it is preferred");
        assertEquals(List.of("BACKUP", "MASTER"), onA2.stream().map(i -> i.get("state")).toList(),
                "a2 starts as MASTER of the instance it prefers: active/active");
        assertEquals(List.of("lb_nginx"), onA1.get(0).get("track_script"));
        assertEquals(List.of(), onA1.get(1).get("track_script"), "a check is tracked by the instance that declares it");
        assertEquals("/usr/local/bin/api-up", onA2.get(1).get("notify_master"));
        assertEquals("primary", onA1.get(1).get("mcast_src_ip"));
        assertEquals(List.of("lb_nginx"), List.copyOf(state(byHost.get("a1"), "keepalived-config").args().map("scripts").keySet()));
        assertNull(state(byHost.get("a2"), "keepalived-script-user").inactive(), "a notify script in one instance needs the script user");

        List<Map<String, Object>> dual = instances(byHost.get("b1"));
        assertEquals(List.of("dual", "dual_v6"), dual.stream().map(i -> i.get("name")).toList());
        assertEquals(List.of("61", "61"), dual.stream().map(i -> String.valueOf(i.get("virtual_router_id"))).toList());
        assertEquals(List.of("fd77::61/128"), dual.get(1).get("vips"));
        assertEquals("primary", dual.get(0).get("mcast_src_ip"), "the IPv4 instance's source is pinned");
        assertTrue(!dual.get(1).containsKey("mcast_src_ip") && !dual.get(1).containsKey("unicast_src_ip"),
                "the IPv6 instance sends from the link-local address: " + dual.get(1));
    }

    static List<String> activeIds(HostPlan plan) {
        return plan.graph().ordered().stream().map(n -> n.state()).filter(st -> st.inactive() == null).map(st -> st.ref().id()).toList();
    }

    @Test
    void everyInterfaceOfAHostsInstancesGetsItsSettingsProtectedItsOwnWay() {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  lb1: {address: 10.0.0.1}
                  lb2: {address: 10.0.0.2}
                  db1: {address: 10.0.0.3}
                pairs:
                  web:
                    nodes: {lb1: {priority: 150, state: MASTER}, lb2: {priority: 100}}
                    instances:
                      web_front: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.100/32]}
                      web_back: {virtual_router_id: 52, interface: eth1, vips: [10.1.0.100/32], protection: vmac}
                  store:
                    nodes: {lb2: {priority: 150}, db1: {priority: 100}}
                    vrrp: {virtual_router_id: 53, interface: eth2, vips: [10.2.0.53/32], protection: ipvlan}
                """);
        Project project = Project.load(inventory, Path.of("..", "states"), List.of());
        HostPlan lb2 = project.plan(List.of("lb2"), List.of("ha"), h -> List.of()).get(0);
        List<String> active = activeIds(lb2);
        for (String id : List.of("arp-ignore", "arp-announce", "promote-secondaries")) {
            for (String iface : List.of("eth0", "eth1", "eth2")) assertTrue(active.contains(id + "[" + iface + "]"), id + " on " + iface + ": " + active);
        }
        assertEquals("net.ipv4.conf.eth1.arp_ignore", state(lb2, "arp-ignore[eth1]").ref().name());
        // keepalived sets rp_filter on a VMAC's interface itself.
        assertTrue(active.containsAll(List.of("rp-filter[eth0]", "rp-filter[eth2]")) && !active.contains("rp-filter[eth1]"), active.toString());
        assertTrue(active.containsAll(List.of("keep-vips-on-interface[eth0]", "keep-vips-on-interface[eth1]", "vmac-unmanaged")), active.toString());
        assertTrue(!active.contains("keep-vips-on-interface[eth2]"), "an ipvlan interface is left to networkd: " + active);
        assertEquals("eth2", state(lb2, "vip-ipvlan[vip53]").args().string("parent"));
        assertTrue(active.stream().noneMatch(id -> id.startsWith("interface-on-ifupdown")) && !active.contains("ifupdown-package"), active.toString());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> instances = (List<Map<String, Object>>) (List<?>) state(lb2, "keepalived-config").args().list("instances");
        assertEquals(List.of("eth0", "eth1", "eth2"), instances.stream().map(m -> m.get("interface")).toList());
        // The advert source is pinned to each interface's own address, read on the host.
        assertEquals(List.of("primary", "primary", "primary"), instances.stream().map(m -> m.get("mcast_src_ip")).toList());

        // A host with a single interface plans one state per setting, and no ipvlan device.
        HostPlan db1 = project.plan(List.of("db1"), List.of("ha"), h -> List.of()).get(0);
        assertTrue(activeIds(db1).containsAll(List.of("arp-ignore[eth2]", "vip-ipvlan[vip53]")), activeIds(db1).toString());
        assertEquals(1, activeIds(db1).stream().filter(id -> id.startsWith("arp-ignore")).count());
    }

    @Test
    void aSyncGroupIsWrittenBeforeTheLinesCarriedAsWrittenAndItsNotifyRunsAsTheScriptUser() {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  lb1: {address: 10.0.0.1}
                  lb2: {address: 10.0.0.2}
                pairs:
                  web:
                    nodes: {lb1: {priority: 150, state: MASTER}, lb2: {priority: 100}}
                    instances:
                      web_front: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.100/32]}
                      web_back: {virtual_router_id: 52, interface: eth1, vips: [10.1.0.100/32]}
                    sync_groups:
                      web_sync: {instances: [web_front, web_back], notify: {master: /usr/local/bin/web-up}}
                    verbatim: ['static_routes {', '10.2.0.0/24 via 10.1.0.254 dev eth1', '}']
                """);
        Project project = Project.load(inventory, Path.of("..", "states"), List.of());
        HostPlan lb2 = project.plan(List.of("lb2"), List.of("ha"), h -> List.of()).get(0);
        CompiledState conf = state(lb2, "keepalived-config");
        assertEquals(List.of("vrrp_sync_group web_sync {", "group {", "web_front", "web_back", "}", "notify_master /usr/local/bin/web-up", "}",
                "static_routes {", "10.2.0.0/24 via 10.1.0.254 dev eth1", "}"), conf.args().list("verbatim"));
        assertEquals("keepalived_script", conf.args().map("global_defs").get("script_user"), "a group's notify runs under script security");
        assertNull(state(lb2, "keepalived-script-user").inactive());
    }

    /**
     * The default protection planned from what configures each node's interface, read from the node
     * first: NetworkManager gets a VMAC and no networkd file at all, networkd gets KeepConfiguration.
     */
    @Test
    void eachNodesRendererDecidesTheDefaultProtectionAndNoNetworkdFileGoesToANetworkManagerHost() {
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                hosts:
                  nm: {address: 10.0.0.1}
                  nd: {address: 10.0.0.2}
                pairs:
                  web:
                    nodes: {nm: {priority: 150}, nd: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: [10.0.0.100/32]}
                """);
        Project project = Project.load(inventory, Path.of("..", "states"), List.of());
        Map<String, Integer> roundTrips = new java.util.concurrent.ConcurrentHashMap<>();
        io.hastate.core.transport.Connector hosts = host -> {
            roundTrips.merge(host.name(), 1, Integer::sum);
            String renderer = host.name().equals("nm") ? "NetworkManager\n" : "networkd\n";
            return new io.hastate.core.testing.FakeTransport().handle(cmd -> cmd.contains("nmcli -t -f DEVICE,STATE device status")
                    ? java.util.Optional.of(io.hastate.core.transport.CommandResult.ok(renderer)) : java.util.Optional.empty());
        };
        Map<String, HostPlan> byHost = new java.util.HashMap<>();
        project.plan(List.of("nm", "nd"), List.of("ha"), h -> List.of(), hosts, 2).forEach(p -> byHost.put(p.host().name(), p));
        assertEquals(Map.of("nm", 1, "nd", 1), roundTrips, "one read per node before planning");

        HostPlan nm = byHost.get("nm");
        @SuppressWarnings("unchecked")
        Map<String, Object> nmInstance = (Map<String, Object>) state(nm, "keepalived-config").args().list("instances").get(0);
        assertEquals(true, nmInstance.get("use_vmac"));
        assertNotNull(state(nm, "keep-vips-on-interface[eth0]").inactive(), "no KeepConfiguration drop-in: NetworkManager never reads it");
        assertNotNull(state(nm, "vmac-unmanaged").inactive(), "no networkd file for the VMAC either");
        assertNotNull(state(nm, "rp-filter[eth0]").inactive(), "with a VMAC keepalived sets rp_filter itself");

        HostPlan nd = byHost.get("nd");
        @SuppressWarnings("unchecked")
        Map<String, Object> ndInstance = (Map<String, Object>) state(nd, "keepalived-config").args().list("instances").get(0);
        assertEquals(false, ndInstance.get("use_vmac"));
        assertNull(state(nd, "keep-vips-on-interface[eth0]").inactive());
        assertEquals("eth0", state(nd, "keep-vips-on-interface[eth0]").args().string("name"));
    }
}
