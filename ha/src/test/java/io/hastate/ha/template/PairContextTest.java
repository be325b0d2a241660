package io.hastate.ha.template;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
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
        return HostContext.of(inv, host, List.of(new PairContext()));
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
}
