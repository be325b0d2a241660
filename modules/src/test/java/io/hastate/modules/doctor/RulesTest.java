package io.hastate.modules.doctor;

import io.hastate.core.model.Location;
import io.hastate.core.model.Names;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rules on evidence as a Debian 12 pair member prints it (shapes captured on lab hosts). */
class RulesTest {
    static final Rules.PairView PAIR = new Rules.PairView("eth0", List.of(Names.parseVip("10.77.100.1/32", Location.NONE, "v"),
            Names.parseVip("10.77.1.200/16", Location.NONE, "v")));

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Evidence evidence(String links, String keep, String conf, String addrJson, String macvlanJson, String sysctls) {
        String out = "systemd=252\nnetworkd=active\nlinks=" + links + "\n" + (keep == null ? "" : "keep=" + keep + "\n")
                + "keepalived=Keepalived v2.2.7 (01/16,2022)\nconf=" + b64(conf) + "\ntest=0\ntestout=\n"
                + "addrs=" + b64(addrJson) + "\nlinks_json=" + b64(macvlanJson) + "\n" + sysctls + "junk line without equals\n";
        return Evidence.parse(out);
    }

    static final String ADDRS = "[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"10.77.1.1\",\"prefixlen\":16,\"scope\":\"global\"},"
            + "{\"local\":\"10.77.1.200\",\"prefixlen\":16,\"scope\":\"global\"}]}]";
    static final String VMAC = "[{\"ifname\":\"vrrp.51\",\"link\":\"eth0\",\"address\":\"00:00:5e:00:01:33\"}]";

    static List<String> ids(Evidence e) {
        return Rules.examine("h", PAIR, e).stream().map(Finding::rule).toList();
    }

    @Test
    void unprotectedInterface() {
        Evidence e = evidence("lo:unmanaged eth0:configured", null, "vrrp_instance x {\n}\n", ADDRS, "[]",
                "sysctl:net/ipv4/conf/all/promote_secondaries=0\nsysctl:net/ipv4/conf/eth0/promote_secondaries=0\n");
        assertEquals(List.of("HA001", "HA002", "HA006"), ids(e));
    }

    @Test
    void keepConfigurationStillFailsOverAndPromotionFixesTheSecondary() {
        Evidence e = evidence("eth0:configured", "KeepConfiguration=yes", "", ADDRS, "[]",
                "sysctl:net/ipv4/conf/eth0/promote_secondaries=1\n");
        assertEquals(List.of("HA002"), ids(e));
    }

    @Test
    void vmacManagedAndFilteringAdverts() {
        Evidence e = evidence("eth0:configured vrrp.51:configured", "KeepConfiguration=yes", "  use_vmac\n  virtual_ipaddress {\n 10.77.100.1/32 no_track\n }\n",
                "[]", VMAC, "sysctl:net/ipv4/conf/all/rp_filter=2\nsysctl:net/ipv4/conf/vrrp.51/rp_filter=0\n");
        assertEquals(List.of("HA002", "HA004", "HA005", "HA008"), ids(e));
    }

    @Test
    void ifupdownHostIsClean() {
        Evidence e = Evidence.parse("systemd=252\nnetworkd=inactive\nlinks=\nkeepalived=Keepalived v2.2.7 (01/16,2022)\n"
                + "conf=\ntest=0\ntestout=\naddrs=" + b64(ADDRS) + "\nlinks_json=\nsysctl:net/ipv4/conf/eth0/promote_secondaries=1\n");
        assertEquals(List.of(), ids(e));
    }

    @Test
    void configTestFailureButNotKeepalived227sMisreport() {
        String base = "systemd=252\nnetworkd=inactive\nkeepalived=Keepalived v1.3.9 (10/21,2017)\nconf=\n";
        assertEquals(List.of("HA007", "HA010"), ids(Evidence.parse(base + "test=4\ntestout=" + b64("(keepalived.conf: Line 4) Unknown keyword 'x'") + "\n")));
        assertEquals(List.of("HA007"), ids(Evidence.parse(base + "test=143\ntestout=" + b64("Terminated") + "\n")));
    }
}
