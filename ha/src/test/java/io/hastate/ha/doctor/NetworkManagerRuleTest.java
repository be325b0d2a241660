package io.hastate.ha.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HA029 and HA030 on evidence as the lab's NetworkManager hosts gave it (Debian 12, NetworkManager 1.42.4). */
class NetworkManagerRuleTest {
    static final String VMAC = "[{\"ifname\":\"vrrp.51\",\"address\":\"00:00:5e:00:01:33\"}]";

    static List<Finding> examine(String nm, String links) {
        return examine(nm, links, "vrrp_instance VI_1 {\n    interface eth0\n}\n", "HA029");
    }

    static List<Finding> examine(String nm, String links, String conf, String rule) {
        String out = "systemd=252\nnetworkd=inactive\nconf=" + RulesTest.b64(conf) + "\ntest=0\ntestout=\naddrs=\n"
                + "links_json=" + (links == null ? "" : RulesTest.b64(links)) + "\n" + nm;
        return Rules.examine("p1a", RulesTest.PAIR, RulesTest.parse(out)).stream().filter(f -> f.rule().equals(rule)).toList();
    }

    static final String VMAC_CONF = "vrrp_instance VI_1 {\n    interface eth0\n    use_vmac\n%s}\n";

    @Test
    void aVmacWithoutFallbackRoutesOnAnInterfaceNetworkManagerManagesIsARisk() {
        String nm = "nm=1.52.1\nnm_state=connected\nnm_profile=" + RulesTest.b64("Wired connection 1\u001b[31m\n") + "\n";
        List<Finding> found = examine(nm, VMAC, VMAC_CONF.formatted(""), "HA030");
        assertEquals(1, found.size(), found.toString());
        assertEquals("NetworkManager 1.52.1 manages eth0 (connected, profile \"Wired connection 1\\x1b[31m\"); the VIPs are on vrrp.51, and "
                + "keepalived.conf gives no fallback routes for eth0 (no /usr/local/lib/hastate/vmac-fallback-routes notify)", found.get(0).evidence(),
                "the profile's name is the host's: shown without its control characters");
        String routes = VMAC_CONF.formatted("    notify \"/usr/local/lib/hastate/vmac-fallback-routes vrrp.51 eth0\" root\n");
        assertEquals(List.of(), examine(nm, VMAC, routes, "HA030"), "the tree's notify keeps the routes");
        String otherInterface = VMAC_CONF.formatted("    notify \"/usr/local/lib/hastate/vmac-fallback-routes vrrp.52 eth1\" root\n");
        assertEquals(1, examine(nm, VMAC, otherInterface, "HA030").size(), "routes for another interface do not cover eth0");
        assertEquals(List.of(), examine("nm=1.52.1\nnm_state=connected (externally)\n", VMAC, VMAC_CONF.formatted(""), "HA030"));
        assertEquals(List.of(), examine(nm, null, VMAC_CONF.formatted(""), "HA030"), "no VMAC: HA029's case");
    }

    @Test
    void aVipOnAnInterfaceNetworkManagerManagesIsARisk() {
        List<Finding> found = examine("nm=1.42.4\nnm_state=connected\n", null);
        assertEquals(1, found.size(), found.toString());
        assertEquals("NetworkManager 1.42.4 manages eth0 (connected); the VIPs are on eth0 itself, no VMAC device", found.get(0).evidence());
        assertTrue(found.get(0).remediation().startsWith("protection: vmac"), found.get(0).remediation());
    }

    @Test
    void aVmacOrAnInterfaceNetworkManagerDoesNotManageIsQuiet() {
        assertEquals(List.of(), examine("nm=1.42.4\nnm_state=connected\n", VMAC), "the VIPs live on the VMAC");
        assertEquals(List.of(), examine("nm=1.42.4\nnm_state=connected (externally)\n", null), "configured by someone else");
        assertEquals(List.of(), examine("nm=1.42.4\nnm_state=unmanaged\n", null));
        assertEquals(List.of(), examine("", null), "no NetworkManager");
    }

    /** import names what configures each node's interface; NetworkManager comes first, as it owns the interface. */
    @Test
    void importNamesNetworkManagerAsTheRenderer() {
        String out = "systemd=252\nnetworkd=inactive\nconf=\ntest=0\ntestout=\naddrs=\nlinks_json=\n";
        io.hastate.ha.importing.HostFindings nm = io.hastate.ha.importing.HostFindings.of("p1a", "10.0.0.1", "",
                java.util.Map.of("eth0", RulesTest.parse(out + "nm=1.42.4\nnm_state=connected\n")));
        assertEquals("NetworkManager 1.42.4 (connected)", nm.renderer("eth0"));
        io.hastate.ha.importing.HostFindings named = io.hastate.ha.importing.HostFindings.of("p1a", "10.0.0.1", "",
                java.util.Map.of("eth0", RulesTest.parse(out + "nm=1.52.1\nnm_state=connected\nnm_profile=" + RulesTest.b64("netplan-eth0\u0007\n") + "\n")));
        assertEquals("NetworkManager 1.52.1 (connected, profile \"netplan-eth0\\x07\")", named.renderer("eth0"), "the profile, printable");
        io.hastate.ha.importing.HostFindings external = io.hastate.ha.importing.HostFindings.of("p1a", "10.0.0.1", "",
                java.util.Map.of("eth0", RulesTest.parse(out + "nm=1.42.4\nnm_state=connected (externally)\n")));
        assertTrue(external.renderer("eth0").startsWith("nothing known"), external.renderer("eth0"));
    }
}
