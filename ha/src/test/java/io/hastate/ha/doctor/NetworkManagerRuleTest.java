package io.hastate.ha.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HA029 on evidence as the lab's NetworkManager hosts gave it (Debian 12, NetworkManager 1.42.4). */
class NetworkManagerRuleTest {
    static final String VMAC = "[{\"ifname\":\"vrrp.51\",\"address\":\"00:00:5e:00:01:33\"}]";

    static List<Finding> examine(String nm, String links) {
        String out = "systemd=252\nnetworkd=inactive\nconf=" + RulesTest.b64("vrrp_instance VI_1 {\n    interface eth0\n}\n") + "\ntest=0\ntestout=\naddrs=\n"
                + "links_json=" + (links == null ? "" : RulesTest.b64(links)) + "\n" + nm;
        return Rules.examine("p1a", RulesTest.PAIR, RulesTest.parse(out)).stream().filter(f -> f.rule().equals("HA029")).toList();
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
        io.hastate.ha.importing.HostFindings external = io.hastate.ha.importing.HostFindings.of("p1a", "10.0.0.1", "",
                java.util.Map.of("eth0", RulesTest.parse(out + "nm=1.42.4\nnm_state=connected (externally)\n")));
        assertTrue(external.renderer("eth0").startsWith("nothing known"), external.renderer("eth0"));
    }
}
