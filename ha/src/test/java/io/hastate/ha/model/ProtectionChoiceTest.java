package io.hastate.ha.model;

import io.hastate.core.model.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the default protection becomes on one host, by what configures the interface and what is named beside it. */
@Timeout(10)
class ProtectionChoiceTest {
    static Vrrp instance(String name, int vrid, String iface, String vip, String protection) {
        return new Vrrp(name, vrid, iface, 1, List.of(Vip.parse(vip, Location.COMMAND_LINE, "vips")), protection, null, false, true,
                List.of(), Map.of(), Map.of(), List.of(), Location.COMMAND_LINE);
    }

    final Vrrp web = instance("web", 51, "eth0", "10.0.0.51/32", "auto");

    @Test
    void networkManagerGetsAVmacEverythingElseKeepConfiguration() {
        assertEquals("vmac", ProtectionChoice.of(web, List.of(web), "NetworkManager"));
        assertEquals("keep-configuration", ProtectionChoice.of(web, List.of(web), "networkd"));
        assertEquals("keep-configuration", ProtectionChoice.of(web, List.of(web), "ifupdown"));
        assertEquals("keep-configuration", ProtectionChoice.of(web, List.of(web), "unknown"));
        assertEquals("keep-configuration", ProtectionChoice.of(web, List.of(web), null), "a host not reached keeps the networkd-safe default");
    }

    @Test
    void ipv6VipsTakeNoVmac() {
        Vrrp v6 = instance("web_v6", 51, "eth0", "fd77::51/128", "auto");
        assertEquals("none", ProtectionChoice.of(v6, List.of(web, v6), "NetworkManager"));
        assertEquals("keep-configuration", ProtectionChoice.of(v6, List.of(web, v6), "networkd"));
        Vrrp vmac = instance("db", 52, "eth0", "10.0.0.52/32", "vmac");
        assertEquals("keep-configuration", ProtectionChoice.of(v6, List.of(vmac, v6), "networkd"), "a named vmac is not one an IPv6 instance can take");
    }

    @Test
    void aProtectionNamedForTheInterfaceOrIfupdownAnywhereDecides() {
        Vrrp ipvlan = instance("db", 52, "eth0", "10.0.0.52/32", "ipvlan");
        assertEquals("ipvlan", ProtectionChoice.of(web, List.of(web, ipvlan), "NetworkManager"));
        Vrrp elsewhere = instance("db", 52, "eth1", "10.0.1.52/32", "ipvlan");
        assertEquals("vmac", ProtectionChoice.of(web, List.of(web, elsewhere), "NetworkManager"), "another interface's protection is its own");
        Vrrp ifupdown = instance("db", 52, "eth1", "10.0.1.52/32", "ifupdown");
        assertEquals("ifupdown", ProtectionChoice.of(web, List.of(web, ifupdown), "networkd"), "ifupdown takes the whole host off networkd");
    }

    @Test
    void aNamedProtectionStaysWhatever() {
        Vrrp none = instance("web", 51, "eth0", "10.0.0.51/32", "none");
        assertEquals("none", ProtectionChoice.of(none, List.of(none), "NetworkManager"));
        Vrrp keep = instance("web", 51, "eth0", "10.0.0.51/32", "keep-configuration");
        assertEquals("keep-configuration", ProtectionChoice.of(keep, List.of(keep), "NetworkManager"));
    }
}
