package io.hastate.ha.keepalived;

import io.hastate.core.facts.DefaultRoutes;
import io.hastate.core.facts.DefaultRoutes.DefaultRoute;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.NetAddresses;
import io.hastate.core.facts.NetAddresses.NetAddress;
import io.hastate.core.module.Args;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class BackstopRoutesTest {
    /** A master's addresses as ip -j addr shows them: its own on eth0, the VIP beside it, another interface's, an IPv6 one. */
    static final List<NetAddress> HELD = List.of(
            new NetAddress("lo", "127.0.0.1", 8, "host"),
            new NetAddress("eth0", "192.168.7.130", 25, "global"),
            new NetAddress("eth0", "192.168.7.200", 32, "global"),
            new NetAddress("eth0", "192.168.7.140", 25, "global"),
            new NetAddress("eth0", "fd00::5", 64, "global"),
            new NetAddress("eth1", "172.16.0.9", 24, "global"));
    static final List<DefaultRoute> DEFAULTS = List.of(new DefaultRoute("eth0", "192.168.7.129"), new DefaultRoute("eth1", "172.16.0.1"));

    static Map<String, Object> instance(long vrid, String vip) {
        Map<String, Object> m = new HashMap<>(Map.of("name", "web" + vrid, "interface", "eth0", "virtual_router_id", vrid,
                "priority", 150L, "vips", List.of(vip)));
        m.put("backstop_routes", true);
        m.put("mcast_src_ip", "primary");
        return m;
    }

    static FactValues facts(String keepalived, List<NetAddress> held, List<DefaultRoute> defaults) {
        Map<String, Object> v = new HashMap<>(Map.of(DrainMark.FACT.key(), false, TakeoverMark.FACT.key(), false,
                InstanceMarks.DRAINED.key(), Set.of(), InstanceMarks.TAKEOVER.key(), Set.of(),
                NetAddresses.FACT.key(), held, DefaultRoutes.FACT.key(), defaults));
        v.put(KeepalivedVersion.FACT.key(), keepalived == null ? null : KeepalivedVersion.of(keepalived));
        return new FactValues(v);
    }

    static String rendered(Args args, FactValues facts) {
        return KeepalivedRenderer.render(KeepalivedConfig.model(args, facts));
    }

    @Test
    void theMasterBacksUpItsOwnNetworkAndGatewayAtTheHighestMetricNeverTheVip() {
        Args args = Args.of("name", "/etc/keepalived/keepalived.conf", "instances", List.of(instance(51, "192.168.7.200/32")));
        String conf = rendered(args, facts("2.2.7", HELD, DEFAULTS));
        assertTrue(conf.contains("    virtual_routes {\n"
                + "        192.168.7.128/25 dev eth0 scope link metric 4294967091 protocol static no_track\n"
                + "        0.0.0.0/0 via 192.168.7.129 dev eth0 metric 4294967091 protocol static onlink no_track\n"
                + "    }\n"), conf);
        assertFalse(conf.contains("172.16.0"), "another interface's network and gateway are not this instance's: " + conf);
        assertFalse(conf.contains("192.168.7.200/32 dev eth0 scope"), "the VIP is never a network to back up: " + conf);
        assertTrue(conf.contains("mcast_src_ip 192.168.7.130"), "the advert source is still pinned: " + conf);
    }

    @Test
    void twoInstancesOnOneInterfaceNeverShareARoute() {
        Args args = Args.of("name", "/etc/keepalived/keepalived.conf",
                "instances", List.of(instance(51, "192.168.7.200/32"), instance(52, "192.168.7.201/32")));
        String conf = rendered(args, facts("2.3.3", HELD, DEFAULTS));
        assertTrue(conf.contains("192.168.7.128/25 dev eth0 scope link metric 4294967091 ") && conf.contains("192.168.7.128/25 dev eth0 scope link metric 4294967092 "),
                "each master's copy has a metric of its own, so one instance leaving master never removes the other's: " + conf);
    }

    @Test
    void noRoutesWhereNothingIsKnownToBeKept() {
        Args args = Args.of("name", "/etc/keepalived/keepalived.conf", "instances", List.of(instance(51, "192.168.7.200/32")));
        assertFalse(rendered(args, facts("2.0.19", HELD, DEFAULTS)).contains("virtual_routes"), "keepalived older than the measured 2.1.5");
        assertFalse(rendered(args, facts(null, HELD, DEFAULTS)).contains("virtual_routes"), "keepalived not installed yet");
        List<NetAddress> onlyVip = List.of(new NetAddress("eth0", "192.168.7.200", 32, "global"), new NetAddress("eth0", "10.9.9.9", 32, "global"));
        Args anotherVip = Args.of("name", "/etc/keepalived/keepalived.conf", "instances", List.of(instance(51, "192.168.7.200/32")));
        String conf = KeepalivedRenderer.render(BackstopRoutes.resolve(KeepalivedConfig.model(anotherVip), onlyVip, DEFAULTS, KeepalivedVersion.of("2.2.7")));
        assertFalse(conf.contains("virtual_routes"), "a /32 of its own has no network, and then no gateway is reachable: " + conf);
    }

    @Test
    void networksAreTheAddressesMasked() {
        assertEquals("10.84.0.0/16", BackstopRoutes.network("10.84.1.1", 16));
        assertEquals("192.168.7.128/25", BackstopRoutes.network("192.168.7.130", 25));
        assertEquals("10.0.0.4/31", BackstopRoutes.network("10.0.0.5", 31));
        assertEquals("0.0.0.0/1", BackstopRoutes.network("127.255.255.255", 1));
        assertEquals("255.255.255.0/24", BackstopRoutes.network("255.255.255.255", 24));
    }

    @Test
    void theTreesRoutesAreRecognisedAndAUsersAreNot() {
        assertTrue(BackstopRoutes.isBackstop("10.84.0.0/16 dev eth0 scope link metric 4294967091 protocol static no_track"));
        assertTrue(BackstopRoutes.isBackstop("  0.0.0.0/0 via 10.84.0.1 dev eth0 metric 4294967295 protocol static onlink no_track"));
        assertFalse(BackstopRoutes.isBackstop("10.84.0.0/16 dev eth0 metric 100 protocol static no_track"));
        assertFalse(BackstopRoutes.isBackstop("10.84.0.0/16 dev eth0 metric 4294967091"));
        assertFalse(BackstopRoutes.isBackstop("10.85.0.0/16 via 10.84.0.254 dev eth0"));
    }

    @Test
    void anIpv6InstanceIsRefusedByName() {
        Map<String, Object> v6 = instance(61, "fd00::100/128");
        v6.remove("mcast_src_ip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeepalivedConfig.model(Args.of("name", "/etc/keepalived/keepalived.conf", "instances", List.of(v6))));
        assertTrue(e.getMessage().contains("backstop_routes") && e.getMessage().contains("IPv4 only"), e.getMessage());
    }

    @Test
    void importLeavesTheTreesRoutesToTheTreeAndCarriesAUsers() {
        String conf = "vrrp_instance web {\n  interface eth0\n  virtual_router_id 51\n"
                + "  virtual_routes {\n    10.84.0.0/16 dev eth0 scope link metric 4294967091 protocol static no_track\n  }\n"
                + "  virtual_ipaddress {\n    10.84.100.1/32\n  }\n}\n"
                + "vrrp_instance db {\n  interface eth0\n  virtual_router_id 52\n"
                + "  virtual_routes {\n    10.85.0.0/16 via 10.84.0.254 dev eth0\n    10.84.0.0/16 dev eth0 scope link metric 4294967092 protocol static no_track\n  }\n"
                + "  virtual_ipaddress {\n    10.84.100.2/32\n  }\n}\n";
        List<FoundInstance> found = FoundInstance.in(conf);
        assertFalse(found.get(0).unmodelled().contains("virtual_routes"), found.get(0).unmodelled().toString());
        assertEquals(List.of(), found.get(0).unmodelledLines());
        assertTrue(found.get(1).unmodelled().contains("virtual_routes"), found.get(1).unmodelled().toString());
        assertEquals(List.of("virtual_routes {", "10.85.0.0/16 via 10.84.0.254 dev eth0", "}"), found.get(1).unmodelledLines());
    }
}
