package io.hastate.ha.template;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.facts.FactValues;
import io.hastate.core.template.HostContext;
import io.hastate.core.template.Templates;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pair and peer values templates of pair members see. */
class PairContextTest {
    final Templates templates = new Templates();

    static Map<String, Object> context(Inventory inv, String host) {
        return HostContext.of(inv, host, List.of(new PairContext()), FactValues.NONE);
    }

    @Test
    void hostContextGivesHostPairAndPeer(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                vars: {site: lab}
                hosts:
                  n1: {address: 10.0.0.1}
                  n2: {address: 10.0.0.2}
                pairs:
                  p:
                    nodes:
                      n1: {priority: 150, state: MASTER}
                      n2: {priority: 100}
                    vrrp: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.10/24]}
                """));
        String out = templates.render(
                "{{site}} {{host.name}} {{pair.name}} vrid={{pair.virtual_router_id}} prio={{pair.priority}} "
                        + "{{pair.state}} peer={{peer.address}}/{{peer.priority}} {{#pair.vips}}{{cidr}}{{/pair.vips}}",
                context(inv, "n2"));
        assertEquals("lab n2 p vrid=7 prio=100 BACKUP peer=10.0.0.1/150 10.0.0.10/24", out);
    }

    @Test
    void unicastPeersComeFromThePair(@TempDir Path dir) {
        String inventory = """
                hosts:
                  n1: {address: 10.0.0.1}
                  n2: {address: 10.0.0.2}
                pairs:
                  p:
                    nodes:
                      n1: {priority: 150}
                      n2: {priority: 100}
                    vrrp: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.10/24], protection: vmac, unicast: true}
                """;
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", inventory));
        Map<String, Object> n1 = context(inv, "n1");
        @SuppressWarnings("unchecked") Map<String, Object> pair = (Map<String, Object>) n1.get("pair");
        assertEquals("primary", pair.get("unicast_src_ip"), "the source is the interface's own address, read on the host");
        assertEquals(null, pair.get("mcast_src_ip"));
        assertEquals(List.of("10.0.0.2"), pair.get("unicast_peers"));
        assertEquals(true, pair.get("vmac_xmit_base"), "VMAC with unicast needs vmac_xmit_base");
        @SuppressWarnings("unchecked") Map<String, Object> other = (Map<String, Object>) context(inv, "n2").get("pair");
        assertEquals(List.of("10.0.0.1"), other.get("unicast_peers"));
        Inventory multicast = new InventoryLoader().load(Fixtures.write(dir, "m.yaml", inventory.replace(", unicast: true", "")));
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) context(multicast, "n1").get("pair");
        assertEquals(null, m.get("unicast_src_ip"));
        assertEquals("primary", m.get("mcast_src_ip"), "multicast adverts are pinned too");
        assertEquals(List.of(), m.get("unicast_peers"));
        Inventory pinned = new InventoryLoader().load(Fixtures.write(dir, "a.yaml", inventory
                .replace("n1: {priority: 150}", "n1: {priority: 150, address: 192.168.7.1}")
                .replace("n2: {priority: 100}", "n2: {priority: 100, address: 192.168.7.2}")));
        @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) context(pinned, "n1").get("pair");
        assertEquals("192.168.7.1", a.get("unicast_src_ip"), "a node's declared address is its source");
        assertEquals(List.of("192.168.7.2"), a.get("unicast_peers"), "and its peer's target");
        assertEquals(false, m.get("vmac_xmit_base"));
        assertEquals(false, m.get("nopreempt"), "keepalived preempts by default");
        Inventory stays = new InventoryLoader().load(Fixtures.write(dir, "s.yaml", inventory.replace(", unicast: true", ", preempt: false")));
        for (String node : List.of("n1", "n2")) {
            @SuppressWarnings("unchecked") Map<String, Object> s = (Map<String, Object>) context(stays, node).get("pair");
            assertEquals(true, s.get("nopreempt"), node);
            assertEquals("BACKUP", s.get("state"), node);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void checksBecomeScriptsNamedAfterThePairTrackedByTheInstanceAndRunAsAnUnprivilegedUser(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts:
                  n1: {address: 10.0.0.1}
                  n2: {address: 10.0.0.2}
                  n3: {address: 10.0.0.3}
                  n4: {address: 10.0.0.4}
                pairs:
                  web:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    vrrp:
                      virtual_router_id: 7
                      interface: eth0
                      vips: [10.0.0.10/32]
                      checks:
                        haproxy: {process: haproxy, weight: -60}
                        backend: {command: /usr/local/bin/check-backend --quick, interval: 5, timeout: 3, fall: 3, rise: 1}
                  db:
                    nodes: {n3: {priority: 150}, n4: {priority: 100}}
                    vrrp: {virtual_router_id: 8, interface: eth0, vips: [10.0.0.11/32]}
                """));
        Map<String, Object> web = (Map<String, Object>) context(inv, "n2").get("pair");
        Map<String, Map<String, Object>> scripts = (Map<String, Map<String, Object>>) web.get("scripts");
        assertEquals(List.of("web_haproxy", "web_backend"), List.copyOf(scripts.keySet()));
        assertEquals("/usr/bin/pgrep -x haproxy", scripts.get("web_haproxy").get("script"));
        assertEquals(-60, scripts.get("web_haproxy").get("weight"));
        assertEquals(2, scripts.get("web_haproxy").get("fall"), "fall defaults to 2");
        assertEquals("/usr/local/bin/check-backend --quick", scripts.get("web_backend").get("script"));
        assertEquals(List.of(5, 3, 3, 1, 0), List.of(scripts.get("web_backend").get("interval"), scripts.get("web_backend").get("timeout"),
                scripts.get("web_backend").get("fall"), scripts.get("web_backend").get("rise"), scripts.get("web_backend").get("weight")));
        assertEquals(List.of("web_haproxy", "web_backend"), web.get("track_scripts"));
        assertEquals(List.of(true, true, true, "keepalived_script"),
                List.of(web.get("runs_scripts"), web.get("process_checked"), web.get("script_security"), web.get("script_user")));

        Map<String, Object> db = (Map<String, Object>) context(inv, "n3").get("pair");
        assertEquals(List.of(false, false, List.of()), List.of(db.get("runs_scripts"), db.get("script_security"), db.get("track_scripts")));
        assertEquals(null, db.get("script_user"), "no checks: no script user in keepalived.conf");
    }

    /** n2 is in two pairs: its keepalived.conf gets both pairs' instances, each with n2's own priority and peer. */
    @Test
    @SuppressWarnings("unchecked")
    void aHostInTwoPairsGetsTheInstancesAndChecksOfBoth(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", """
                hosts:
                  n1: {address: 10.0.0.1}
                  n2: {address: 10.0.0.2}
                  n3: {address: 10.0.0.3}
                pairs:
                  web:
                    nodes: {n1: {priority: 150}, n2: {priority: 100}}
                    vrrp: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.10/24], unicast: true}
                  db:
                    nodes: {n2: {priority: 200}, n3: {priority: 100}}
                    vrrp: {virtual_router_id: 8, interface: eth0, vips: [10.0.0.20/24], unicast: true, checks: {pg: {process: postgres, weight: -150}}}
                """));
        Map<String, Object> pair = (Map<String, Object>) context(inv, "n2").get("pair");
        List<Map<String, Object>> instances = (List<Map<String, Object>>) pair.get("instances");
        assertEquals(List.of("web", "db"), instances.stream().map(i -> i.get("name")).toList());
        assertEquals(List.of(100, 200), instances.stream().map(i -> i.get("priority")).toList());
        assertEquals(List.of(List.of("10.0.0.1"), List.of("10.0.0.3")), instances.stream().map(i -> i.get("unicast_peer")).toList(),
                "each instance's peer is the other node of its own pair");
        assertEquals(List.of("db_pg"), pair.get("track_scripts"));
        assertEquals(true, pair.get("script_security"), "the db pair's check runs under script security on n2");
        assertEquals(List.of("web"), ((List<Map<String, Object>>) ((Map<String, Object>) context(inv, "n1").get("pair")).get("instances"))
                .stream().map(i -> i.get("name")).toList(), "n1 is in web only");
    }

    static final String AUTO_PAIR = """
            hosts:
              n1: {address: 10.0.0.1}
              n2: {address: 10.0.0.2}
            pairs:
              p:
                nodes:
                  n1: {priority: 150}
                  n2: {priority: 100}
                vrrp: {virtual_router_id: 7, interface: eth0, vips: [10.0.0.10/24]}
            """;

    @SuppressWarnings("unchecked")
    static Map<String, Object> pairOn(Inventory inv, String host, String renderer) {
        FactValues grains = new FactValues(Map.of(io.hastate.ha.facts.InterfaceRenderer.of("eth0").key(), renderer));
        return (Map<String, Object>) HostContext.of(inv, host, List.of(new PairContext()), grains).get("pair");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDefaultProtectionFollowsWhatConfiguresTheInterface(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", AUTO_PAIR));
        assertEquals(List.of(io.hastate.ha.facts.InterfaceRenderer.of("eth0").key()),
                new PairContext().grains(inv, "n1").stream().map(io.hastate.core.facts.Fact::key).toList());

        Map<String, Object> nm = pairOn(inv, "n1", "NetworkManager");
        Map<String, Object> nmInstance = ((List<Map<String, Object>>) nm.get("instances")).get(0);
        Map<String, Object> nmInterface = ((List<Map<String, Object>>) nm.get("interfaces")).get(0);
        assertEquals(true, nmInstance.get("use_vmac"));
        assertEquals("vmac", nmInterface.get("protection"));
        assertEquals("NetworkManager", nmInterface.get("renderer"));
        assertEquals(false, nmInterface.get("keep_configuration"), "no networkd drop-in where NetworkManager owns the interface");
        assertEquals(false, nm.get("vmac_unmanaged_in_networkd"));

        Map<String, Object> networkd = pairOn(inv, "n1", "networkd");
        Map<String, Object> ndInstance = ((List<Map<String, Object>>) networkd.get("instances")).get(0);
        Map<String, Object> ndInterface = ((List<Map<String, Object>>) networkd.get("interfaces")).get(0);
        assertEquals(false, ndInstance.get("use_vmac"));
        assertEquals("keep-configuration", ndInterface.get("protection"));
        assertEquals(true, ndInterface.get("keep_configuration"));

        Map<String, Object> unread = (Map<String, Object>) context(inv, "n1").get("pair");
        assertEquals("keep-configuration", ((List<Map<String, Object>>) unread.get("interfaces")).get(0).get("protection"),
                "a host whose grains were not read keeps the networkd-safe default");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNamedVmacOnNetworkdStillTellsNetworkdToLeaveItsDevicesAlone(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", AUTO_PAIR.replace("vips: [10.0.0.10/24]}", "vips: [10.0.0.10/24], protection: vmac}")));
        assertEquals(true, pairOn(inv, "n1", "networkd").get("vmac_unmanaged_in_networkd"));
        assertEquals(true, ((List<Map<String, Object>>) pairOn(inv, "n1", "networkd").get("interfaces")).get(0).get("keep_configuration"));
        assertEquals(false, pairOn(inv, "n1", "NetworkManager").get("vmac_unmanaged_in_networkd"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aVmacOnNetworkManagerGetsFallbackRoutesKeptByKeepalivedsNotifyUnderScriptSecurity(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", AUTO_PAIR));
        Map<String, Object> nm = pairOn(inv, "n1", "NetworkManager");
        assertEquals(List.of(Map.of("vmac", "vrrp.7", "interface", "eth0")), nm.get("fallback_routes"));
        assertEquals(true, ((List<Map<String, Object>>) nm.get("instances")).get(0).get("vmac_fallback_routes"));
        assertEquals(true, nm.get("script_security"), "the notify runs under keepalived's script security");
        assertEquals("keepalived_script", nm.get("script_user"));
        assertEquals(true, nm.get("runs_scripts"));

        assertEquals(List.of(), pairOn(inv, "n1", "networkd").get("fallback_routes"), "on networkd the backstop routes cover the gap, without a notify");
        assertEquals(false, pairOn(inv, "n1", "networkd").get("script_security"));

        Inventory own = new InventoryLoader().load(Fixtures.write(dir, "own.yaml",
                AUTO_PAIR.replace("vips: [10.0.0.10/24]}", "vips: [10.0.0.10/24], notify: {state: /usr/local/bin/vip-state}}")));
        Map<String, Object> withNotify = pairOn(own, "n1", "NetworkManager");
        assertEquals(List.of(), withNotify.get("fallback_routes"), "keepalived has one notify per instance, and it is the user's");
        assertEquals("/usr/local/bin/vip-state", ((List<Map<String, Object>>) withNotify.get("instances")).get(0).get("notify"));

        Inventory v6 = new InventoryLoader().load(Fixtures.write(dir, "v6.yaml",
                AUTO_PAIR.replace("10.0.0.10/24", "fd00::10/64")));
        assertEquals(List.of(), pairOn(v6, "n1", "NetworkManager").get("fallback_routes"), "no VMAC for IPv6 VIPs, so no routes on one");
    }

    @Test
    @SuppressWarnings("unchecked")
    void backstopRoutesGoWhereNetworkdKeepsWhatItDidNotAdd(@TempDir Path dir) {
        Inventory inv = new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", AUTO_PAIR));
        java.util.function.BiFunction<Inventory, String, Object> backstop = (i, renderer) ->
                ((List<Map<String, Object>>) pairOn(i, "n1", renderer).get("instances")).get(0).get("backstop_routes");
        assertEquals(true, backstop.apply(inv, "networkd"), "keep-configuration on networkd");
        assertEquals(false, backstop.apply(inv, "NetworkManager"), "NetworkManager removes them: the VMAC's notify routes do it there");
        Inventory vmac = new InventoryLoader().load(Fixtures.write(dir, "vmac.yaml", AUTO_PAIR.replace("vips: [10.0.0.10/24]}", "vips: [10.0.0.10/24], protection: vmac}")));
        assertEquals(true, backstop.apply(vmac, "networkd"), "a VMAC on networkd is kept by KeepConfiguration too");
        for (String p : List.of("none", "ifupdown")) {
            Inventory other = new InventoryLoader().load(Fixtures.write(dir, p + ".yaml", AUTO_PAIR.replace("vips: [10.0.0.10/24]}", "vips: [10.0.0.10/24], protection: " + p + "}")));
            assertEquals(false, backstop.apply(other, "networkd"), p + ": networkd is not told to keep them");
        }
        Inventory v6 = new InventoryLoader().load(Fixtures.write(dir, "v6b.yaml", AUTO_PAIR.replace("10.0.0.10/24", "fd00::10/64")));
        assertEquals(false, backstop.apply(v6, "networkd"), "IPv4 only");
    }
}
