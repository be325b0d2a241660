package io.hastate.ha.model;

import io.hastate.core.load.InventoryLoader;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.hastate.core.testing.Fixtures.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairsSectionTest {
    @TempDir
    Path dir;

    static final String VALID = """
            vars:
              level: all
              dns: 1.1.1.1
            hosts:
              a1:
                address: 10.0.0.1
                user: ops
                sudo: true
                vars: {level: host}
              a2:
                address: 10.0.0.2
                port: 2222
              c1: {connection: local}
              w3: {address: 10.0.0.3}
            groups:
              web:
                hosts: [a1, a2, w3]
                vars: {level: web, web_only: yes}
              edge:
                hosts: [a1]
                vars: {level: edge}
              everything:
                children: [web]
                hosts: [c1]
                vars: {level: everything, from_parent: 1}
            pairs:
              lb:
                nodes:
                  a1: {priority: 150, state: MASTER}
                  a2: {priority: 100}
                vrrp:
                  virtual_router_id: 51
                  interface: eth0
                  vips: [192.168.50.10/24, "fd00::10"]
                vars: {level: pair}
            """;

    Inventory load(String text) {
        return new InventoryLoader().load(Fixtures.write(dir, "inv.yaml", text));
    }

    @Test
    void loadsHostsGroupsAndPairs() {
        Inventory inv = load(VALID);
        assertEquals(List.of("a1", "a2", "c1", "w3"), List.copyOf(inv.hosts().keySet()));
        assertEquals(2222, inv.host("a2").port());
        assertEquals(null, inv.host("a1").port(), "unset, so ssh config may supply it");
        assertEquals(22, inv.host("a1").portOrDefault());
        assertTrue(inv.host("a1").become().sudo());
        assertEquals(List.of("a1", "a2", "c1", "w3"), inv.groupMembers("everything"));
        var lb = Pairs.all(inv).get("lb");
        assertEquals(51, lb.vrrp().virtualRouterId());
        assertEquals("a2", lb.peerOf("a1").orElseThrow().host());
        assertEquals("BACKUP", lb.node("a2").orElseThrow().initialState());
        assertEquals(List.of("192.168.50.10/24"), lb.vrrp().vips().stream().map(Object::toString).toList());
        // keepalived refuses IPv4 and IPv6 VIPs in one instance: the IPv6 one gets its own, same VRID.
        assertEquals(List.of("lb", "lb_v6"), lb.instances().stream().map(io.hastate.ha.model.Vrrp::name).toList());
        assertEquals(List.of("fd00::10/128"), lb.instances().get(1).vips().stream().map(Object::toString).toList());
        assertEquals(51, lb.instances().get(1).virtualRouterId());
    }

    @Test
    void variablesMergeAllThenGroupsParentFirstThenPairThenHost() {
        Inventory inv = load(VALID);
        // By depth (top-level groups first), then by name: web is a child of everything, so it comes last.
        assertEquals(List.of("edge", "everything", "web"), inv.groupsOf("a1"));
        Map<String, Object> a1 = inv.mergedVars("a1");
        assertEquals("host", a1.get("level"));
        assertEquals(1L, a1.get("from_parent"));
        assertEquals(true, a1.get("web_only"));
        assertEquals("1.1.1.1", a1.get("dns"));
        assertEquals("pair", inv.mergedVars("a2").get("level"), "pair beats groups");
        assertEquals("everything", inv.mergedVars("c1").get("level"));
        assertEquals("web", inv.mergedVars("w3").get("level"), "a child group beats its parent");
        assertEquals(1L, inv.mergedVars("w3").get("from_parent"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top field      | hostz: {}                                                                          | 1 | hostz
            unknown host field     | hosts:\\n  a:\\n    adress: 1.2.3.4                                                | 3 | hosts.a.adress
            bad port               | hosts:\\n  a:\\n    port: 70000                                                    | 2 | port
            bad address            | hosts:\\n  a:\\n    address: 'x;rm -rf /'                                          | 3 | hosts.a.address
            bad host name          | hosts:\\n  'a b': {}                                                               | 2 | hosts.a b
            unknown group member   | hosts: {a: {}}\\ngroups:\\n  g:\\n    hosts: [a, zz]                               | 4 | groups.g.hosts
            group cycle            | hosts: {a: {}}\\ngroups:\\n  g: {children: [h]}\\n  h: {children: [g]}            | 3 | groups.g.children
            reserved var           | hosts: {a: {}}\\nvars:\\n  pair: x                                                 | 3 | vars.pair
            no hosts               | vars: {}                                                                           | 1 | hosts
            """)
    void schemaErrorsNameLineAndField(String name, String text, int line, String field) {
        InvalidInputException e = invalid(() -> load(text.replace("\\n", "\n")));
        assertEquals(line, e.location().line(), e.getMessage());
        assertTrue(e.field().contains(field), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("inv.yaml") + ":" + line + ": "), e.getMessage());
    }

    static String pair(String vrrp, String nodes) {
        return "hosts: {a: {}, b: {}, c: {}}\npairs:\n  p:\n    nodes:\n" + nodes
                + "    vrrp:\n" + vrrp;
    }

    static final String NODES = "      a: {priority: 150}\n      b: {priority: 100}\n";
    static final String VRRP = "      virtual_router_id: 51\n      interface: eth0\n      vips: [10.0.0.10/24]\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            vrid too high     | virtual_router_id: 51 | virtual_router_id: 256       | pairs.p.vrrp.virtual_router_id | 1-255
            vrid zero         | virtual_router_id: 51 | virtual_router_id: 0         | pairs.p.vrrp.virtual_router_id | 1-255
            iface shell chars | interface: eth0       | interface: 'eth0;reboot'     | pairs.p.vrrp.interface         | interface name
            iface too long    | interface: eth0       | interface: abcdefghijklmnop  | pairs.p.vrrp.interface         | interface name
            vip not an ip     | [10.0.0.10/24]        | [10.0.0.300/24]              | pairs.p.vrrp.vips              | not an IPv4
            vip bad prefix    | [10.0.0.10/24]        | [10.0.0.10/33]               | pairs.p.vrrp.vips              | prefix length
            """)
    void vrrpErrors(String name, String from, String to, String field, String message) {
        InvalidInputException e = invalid(() -> load(pair(VRRP.replace(from, to), NODES)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.problem().contains(message), e.getMessage());
        assertTrue(e.location().line() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            priority 255        | a: {priority: 255}                          | must be 1-254
            priority 0          | a: {priority: 0}                            | must be 1-254
            same priorities     | a: {priority: 100}                          | different priorities
            bad state           | a: {priority: 150, state: LEADER}           | MASTER or BACKUP
            unknown node host   | zz: {priority: 150}                         | unknown host
            """)
    void pairNodeErrors(String name, String nodeA, String message) {
        String nodes = NODES.replace("a: {priority: 150}", nodeA);
        InvalidInputException e = invalid(() -> load(pair(VRRP, nodes)));
        assertTrue(e.problem().contains(message), e.getMessage());
        assertTrue(e.field().startsWith("pairs.p"), e.getMessage());
    }

    @Test
    void aPairFieldIndentedUnderNodesIsNamedNotCountedAsANode() {
        String text = "hosts: {a: {}, b: {}}\npairs:\n  p:\n    nodes:\n" + NODES + "      vrrp:\n  " + VRRP.replace("\n      ", "\n        ");
        InvalidInputException e = invalid(() -> load(text));
        assertEquals("pairs.p.nodes.vrrp", e.field(), e.getMessage());
        assertTrue(e.problem().contains("'vrrp' is indented under nodes: it is a field of the pair"), e.getMessage());
        assertEquals(7, e.location().line(), e.getMessage());
    }

    @Test
    void unicastNeedsIpAddressesForBothNodes() {
        String text = pair(VRRP + "      unicast: true\n", NODES).replace("hosts: {a: {}, b: {}, c: {}}",
                "hosts: {a: {address: 10.0.0.1}, b: {address: lb2.example.invalid}, c: {}}");
        InvalidInputException e = invalid(() -> load(text));
        assertEquals("pairs.p.vrrp.unicast", e.field(), e.getMessage());
        assertTrue(e.problem().contains("b has 'lb2.example.invalid'"), e.getMessage());
        assertEquals(11, e.location().line(), e.getMessage());
        String ok = text.replace("lb2.example.invalid", "10.0.0.2");
        assertTrue(Pairs.all(load(ok)).get("p").vrrp().unicast());
    }

    @Test
    void aPairWithoutPreemptionRefusesANodeThatStartsAsMaster() {
        String noPreempt = pair(VRRP + "      preempt: false\n", NODES);
        assertEquals(false, Pairs.all(load(noPreempt)).get("p").vrrp().preempt());
        assertEquals(true, Pairs.all(load(pair(VRRP, NODES))).get("p").vrrp().preempt(), "keepalived preempts by default");
        InvalidInputException e = invalid(() -> load(noPreempt.replace("a: {priority: 150}", "a: {priority: 150, state: MASTER}")));
        assertEquals("pairs.p.nodes.a.state", e.field(), e.getMessage());
        assertTrue(e.problem().contains("keepalived clears nopreempt"), e.getMessage());
        assertTrue(e.location().line() > 0);
        InvalidInputException notBool = invalid(() -> load(pair(VRRP + "      preempt: sometimes\n", NODES)));
        assertEquals("pairs.p.vrrp.preempt", notBool.field(), notBool.getMessage());
    }

    @Test
    void aHostMayBeInSeveralPairsWithTheirVridsApartAndEachInterfaceProtectedOneWay() {
        String q = "  q:\n    nodes:\n      a: {priority: 1}\n      c: {priority: 2}\n    vrrp:\n";
        Inventory inv = load(pair(VRRP, NODES) + q + VRRP.replace("virtual_router_id: 51", "virtual_router_id: 52"));
        assertEquals(List.of("p", "q"), Pairs.of(inv, "a").stream().map(Pair::name).toList());
        assertEquals(List.of("q"), Pairs.of(inv, "c").stream().map(Pair::name).toList());

        InvalidInputException sameVrid = invalid(() -> load(pair(VRRP, NODES) + q + VRRP));
        assertTrue(sameVrid.problem().contains("pairs p and q both use VRID 51"), sameVrid.getMessage());
        // Another interface is fine; the same interface protected two ways is not.
        Inventory twoInterfaces = load(pair(VRRP, NODES) + q + VRRP.replace("eth0", "eth1"));
        assertEquals(List.of("eth0", "eth1"), Pairs.of(twoInterfaces, "a").stream().map(p -> p.vrrp().iface()).toList());
        String named = pair(VRRP + "      protection: keep-configuration\n", NODES);
        InvalidInputException twoWays = invalid(() -> load(named + q
                + VRRP.replace("virtual_router_id: 51", "virtual_router_id: 52") + "      protection: vmac\n"));
        assertEquals("pairs.q.nodes.a", twoWays.field(), twoWays.getMessage());
        assertTrue(twoWays.problem().contains("host a is in pairs p and q: instances p and q are both on eth0 but protected by keep-configuration and vmac"),
                twoWays.getMessage());
        InvalidInputException ifupdown = invalid(() -> load(named + q + VRRP.replace("eth0", "eth1") + "      protection: ifupdown\n"));
        assertTrue(ifupdown.problem().contains("q is protected by ifupdown, which takes the host off networkd, and p on eth0 by keep-configuration"),
                ifupdown.getMessage());
        // An instance that names no protection (auto) takes the one named beside it on the host: no conflict.
        Inventory adopting = load(pair(VRRP, NODES) + q + VRRP.replace("virtual_router_id: 51", "virtual_router_id: 52") + "      protection: vmac\n");
        assertEquals("auto", Pairs.all(adopting).get("p").vrrp().protection());
    }

    @Test
    void twoPairsWithOneVridOnOneLanAreRefused() {
        String second = "  q:\n    nodes:\n      c: {priority: 1}\n      d: {priority: 2}\n    vrrp:\n" + VRRP;
        String text = pair(VRRP, NODES).replace("hosts: {a: {}, b: {}, c: {}}", "hosts: {a: {}, b: {}, c: {}, d: {}}") + second;
        InvalidInputException e = invalid(() -> load(text));
        assertEquals("pairs.q.vrrp.virtual_router_id", e.field());
        assertTrue(e.problem().startsWith("pairs p and q both use VRID 51 on interface eth0"), e.getMessage());
        String separate = text.replace("    vrrp:\n      virtual_router_id: 51\n      interface: eth0\n      vips: [10.0.0.10/24]\n  q:",
                "    vrrp:\n      virtual_router_id: 51\n      interface: eth0\n      vips: [10.0.0.10/24]\n      lan: dc1\n  q:");
        assertEquals(2, Pairs.all(load(separate)).size(), "declared on different LANs, the same VRID is fine");
    }

    @Test
    void missingFileIsInvalidInput() {
        InvalidInputException e = invalid(() -> new InventoryLoader().load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("inventory file not found"));
    }

    @Test
    void aHastateInventoryAddsItsPairsToAnAnsibleOne() {
        Fixtures.write(dir, "ansible/hosts.ini", "[lb]\nlb1 ansible_host=192.0.2.11\nlb2 ansible_host=192.0.2.12\n");
        Path inventory = Fixtures.write(dir, "inventory.yaml", """
                ansible: ansible/hosts.ini
                pairs:
                  web-vip:
                    nodes: {lb1: {priority: 150}, lb2: {priority: 100}}
                    vrrp: {virtual_router_id: 51, interface: eth0, vips: [192.0.2.100/24]}
                """);
        Inventory inv = new InventoryLoader().load(inventory);
        assertEquals("192.0.2.12", inv.host("lb2").address());
        assertEquals("web-vip", Pairs.first(inv, "lb2").orElseThrow().name());
        assertEquals(List.of("lb1", "lb2"), io.hastate.core.load.Targets.select(inv, "web-vip").orElseThrow(), "a target names a pair");
    }
}
