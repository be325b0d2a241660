package io.hastate.ha.doctor;

import io.hastate.ha.model.Vip;

import io.hastate.core.facts.NetAddresses;
import io.hastate.core.facts.SystemFacts;
import io.hastate.ha.keepalived.KeepalivedVersion;
import io.hastate.core.model.Location;
import io.hastate.core.model.Names;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules on evidence as a Debian 12 pair member prints it (shapes captured on lab hosts). */
class RulesTest {
    static final Rules.InterfaceView PAIR = new Rules.InterfaceView("eth0", List.of(Vip.parse("10.77.100.1/32", Location.NONE, "v"),
            Vip.parse("10.77.1.200/16", Location.NONE, "v")));

    /**
     * A host's raw output as the doctor reads it: the doctor's own lines, and systemd=, keepalived= and
     * addrs= lines standing for the shared facts, each parsed by that fact's own parser.
     */
    static Evidence parse(String out) {
        StringBuilder own = new StringBuilder();
        String systemd = "", keepalived = "", addrs = "";
        for (String line : out.split("\n", -1)) {
            if (line.startsWith("systemd=")) systemd = line.substring(8);
            else if (line.startsWith("keepalived=")) keepalived = line.substring(11);
            else if (line.startsWith("addrs=")) addrs = new String(Base64.getDecoder().decode(line.substring(6)), StandardCharsets.UTF_8);
            else own.append(line).append('\n');
        }
        return Evidence.parse(own.toString()).with(SystemFacts.SYSTEMD_VERSION.parse(systemd, 0),
                KeepalivedVersion.FACT.parse(keepalived, keepalived.isEmpty() ? 1 : 0), NetAddresses.global(NetAddresses.FACT.parse(addrs, 0)));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Evidence evidence(String links, String keep, String conf, String addrJson, String macvlanJson, String sysctls) {
        String out = "systemd=252\nnetworkd=active\nlinks=" + links + "\n" + (keep == null ? "" : "keep=" + keep + "\n")
                + "keepalived=Keepalived v2.2.7 (01/16,2022)\nconf=" + b64(conf) + "\ntest=0\ntestout=\n"
                + "addrs=" + b64(addrJson) + "\nlinks_json=" + b64(macvlanJson) + "\n" + sysctls + "junk line without equals\n";
        return parse(out);
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
    void keepConfigurationStillFailsOverAndPromotionKeepsTheSecondaryAsPrimary() {
        Evidence e = evidence("eth0:configured", "KeepConfiguration=yes", "", ADDRS, "[]",
                "sysctl:net/ipv4/conf/eth0/promote_secondaries=1\n");
        assertEquals(List.of("HA002", "HA024"), ids(e), "the /16 VIP is kept, promoted to primary");
    }

    @Test
    void aPinnedAdvertSourceIsSafeUnlessTrackedOrGone() {
        String pinned = "vrrp_instance x {\n    interface eth0\n    mcast_src_ip 10.77.1.1\n}\n";
        Evidence safe = evidence("eth0:configured", "KeepConfiguration=yes", pinned, ADDRS, "[]", "sysctl:net/ipv4/conf/eth0/promote_secondaries=1\n");
        assertEquals(List.of("HA024"), ids(safe), "no HA002 once the source is pinned");
        Evidence tracked = evidence("eth0:configured", "KeepConfiguration=yes", pinned.replace("}", "    track_src_ip\n}"), ADDRS, "[]",
                "sysctl:net/ipv4/conf/eth0/promote_secondaries=1\n");
        assertEquals(List.of("HA002", "HA024"), ids(tracked), "track_src_ip faults on the blip again");
        Evidence gone = evidence("eth0:configured", "KeepConfiguration=yes", pinned.replace("10.77.1.1", "10.77.1.9"), ADDRS, "[]",
                "sysctl:net/ipv4/conf/eth0/promote_secondaries=1\n");
        assertEquals(List.of("HA023", "HA024"), ids(gone), "a source the host does not hold (a new DHCP lease)");
    }

    @Test
    void aSlash32VipIsNeverASecondary() {
        Rules.InterfaceView only32 = new Rules.InterfaceView("eth0", List.of(Vip.parse("10.77.100.1/32", Location.NONE, "v")));
        String addrs = "[{\"ifname\":\"eth0\",\"addr_info\":[{\"local\":\"10.77.1.1\",\"prefixlen\":16,\"scope\":\"global\"},"
                + "{\"local\":\"10.77.100.1\",\"prefixlen\":32,\"scope\":\"global\"}]}]";
        Evidence e = evidence("eth0:configured", "KeepConfiguration=yes", "", addrs, "[]", "sysctl:net/ipv4/conf/eth0/promote_secondaries=0\n");
        assertEquals(List.of("HA002"), Rules.examine("h", only32, e).stream().map(Finding::rule).toList(), "no HA006, no HA024 for a /32");
    }

    @Test
    void vmacManagedAndFilteringAdverts() {
        Evidence e = evidence("eth0:configured vrrp.51:configured", "KeepConfiguration=yes", "  use_vmac\n  virtual_ipaddress {\n 10.77.100.1/32 no_track\n }\n",
                "[]", VMAC, "sysctl:net/ipv4/conf/all/rp_filter=2\nsysctl:net/ipv4/conf/vrrp.51/rp_filter=0\n");
        assertEquals(List.of("HA002", "HA004", "HA005", "HA008"), ids(e));
    }

    @Test
    void theTreesBackstopRoutesAreNotAnUntrackedVip() {
        String conf = "  virtual_routes {\n    10.77.0.0/16 dev eth0 scope link metric 4294967091 protocol static no_track\n  }\n"
                + "  virtual_ipaddress {\n 10.77.100.1/32 dev eth0\n }\n";
        Evidence routes = evidence("eth0:configured", "KeepConfiguration=yes", conf, "[]", "[]", "");
        assertTrue(!ids(routes).contains("HA008"), ids(routes).toString());
        Evidence vip = evidence("eth0:configured", "KeepConfiguration=yes", conf.replace("/32 dev eth0", "/32 dev eth0 no_track"), "[]", "[]", "");
        assertTrue(ids(vip).contains("HA008"), ids(vip).toString());
    }

    @Test
    void ifupdownHostIsClean() {
        Evidence e = parse("systemd=252\nnetworkd=inactive\nlinks=\nkeepalived=Keepalived v2.2.7 (01/16,2022)\n"
                + "conf=\ntest=0\ntestout=\naddrs=" + b64(ADDRS) + "\nlinks_json=\nsysctl:net/ipv4/conf/eth0/promote_secondaries=1\n");
        assertEquals(List.of(), ids(e));
    }

    @Test
    void configTestFailureButNotKeepalived227sMisreport() {
        String base = "systemd=252\nnetworkd=inactive\nkeepalived=Keepalived v1.3.9 (10/21,2017)\nconf=\n";
        assertEquals(List.of("HA007", "HA010"), ids(parse(base + "test=4\ntestout=" + b64("(keepalived.conf: Line 4) Unknown keyword 'x'") + "\n")));
        assertEquals(List.of("HA007"), ids(parse(base + "test=143\ntestout=" + b64("Terminated") + "\n")));
    }

    /** Evidence of a Debian-like host: networkd at {@code systemd} manages eth0, keepalived 2.2.7, plus {@code extra} lines. */
    static Evidence host(int systemd, String keep, String conf, String extra) {
        return parse("systemd=" + systemd + "\nnetworkd=active\nlinks=lo:unmanaged eth0:configured\n"
                + (keep == null ? "" : "keep=" + keep + "\n") + "keepalived=Keepalived v2.2.7 (01/16,2022)\nconf=" + b64(conf)
                + "\ntest=0\ntestout=\naddrs=\nlinks_json=\nsysctl:net/ipv4/conf/eth0/promote_secondaries=1\n" + extra);
    }

    static final String KEEP = "KeepConfiguration=yes";

    @Test
    void networkdVersionsWithTheirOwnWaysOfDroppingTheVip() {
        assertEquals(List.of("HA002", "HA003"), ids(host(242, null, "", "")), "no KeepConfiguration=yes before 243");
        assertEquals(List.of("HA001", "HA002"), ids(host(243, null, "", "")));
        assertEquals(List.of("HA002", "HA009"), ids(host(250, KEEP, "", "")), "250 drops all on carrier loss");
        assertEquals(List.of("HA002"), ids(host(256, KEEP, "", "")));
        assertEquals(List.of("HA011"), ids(host(257, KEEP, "", "")), "257 keeps unchanged addresses on reconfigure; its KeepConfiguration regression");
    }

    @Test
    void partialKeepConfigurationWithIpv6Vips() {
        Rules.InterfaceView v6 = new Rules.InterfaceView("eth0", List.of(Vip.parse("fd00::100/128", Location.NONE, "v")));
        List<String> found = Rules.examine("h", v6, host(252, "KeepConfiguration=static", "", "")).stream().map(Finding::rule).toList();
        assertEquals(List.of("HA001", "HA002", "HA012"), found);
        assertEquals(List.of("HA001", "HA002"), ids(host(252, "KeepConfiguration=static", "", "")), "IPv4 VIPs are static enough");
    }

    @Test
    void foreignRoutesAndRules() {
        String routes = "vrrp_instance x {\n  virtual_routes {\n    10.0.0.0/8 via 10.77.0.1\n  }\n}\n";
        assertEquals(List.of("HA001", "HA002", "HA013"), ids(host(252, null, routes, "netconf=\n")));
        assertEquals(List.of("HA001", "HA002"), ids(host(252, null, routes, "netconf=ManageForeignRoutes=no\n")));
        assertEquals(List.of("HA002"), ids(host(252, KEEP, routes, "")), "KeepConfiguration keeps foreign routes too");
        String rules = "vrrp_instance x {\n  virtual_rules {\n    from 10.77.100.1 table 100\n  }\n}\n";
        assertEquals(List.of("HA002", "HA014"), ids(host(252, KEEP, rules, "")), "KeepConfiguration does not cover rules");
        assertEquals(List.of("HA002"), ids(host(252, KEEP, rules, "netconf=ManageForeignRoutes=no ManageForeignRoutingPolicyRules=no\n")));
        assertEquals(List.of("HA002", "HA014"), ids(host(248, KEEP, rules, "netconf=ManageForeignRoutingPolicyRules=no\n")),
                "the setting exists only from 249");
    }

    @Test
    void netplanApplyByVersion() {
        List<Finding> recent = Rules.examine("h", PAIR, host(252, KEEP, "", "netplan=0.106-2+deb12u1\nnetplan_files=1\n"));
        assertEquals(List.of("HA002", "HA015"), recent.stream().map(Finding::rule).toList());
        assertTrue(recent.get(1).risk().contains("networkctl reconfigure"), recent.get(1).risk());
        Finding old = Rules.examine("h", PAIR, host(245, KEEP, "", "netplan=0.99-0ubuntu3\nnetplan_files=2\n")).get(1);
        assertTrue(old.risk().contains("restarts systemd-networkd"), old.risk());
        assertEquals(List.of("HA002"), ids(host(252, KEEP, "", "netplan=0.106\nnetplan_files=0\n")), "installed but unused");
    }

    @Test
    void ipvlanReversePathFilter() {
        assertEquals(List.of("HA002", "HA016"), ids(host(252, KEEP, "", "ipvlans=vip51\nsysctl:net/ipv4/conf/vip51/rp_filter=1\n")));
        assertEquals(List.of("HA002"), ids(host(252, KEEP, "", "ipvlans=vip51\nsysctl:net/ipv4/conf/vip51/rp_filter=2\n")));
    }

    @Test
    void vmacWithUnicastByKeepalivedVersion() {
        String conf = "vrrp_instance x {\n  use_vmac\n  unicast_peer {\n    10.77.1.2\n  }\n}\n";
        String v21 = "systemd=252\nnetworkd=inactive\nkeepalived=Keepalived v2.1.5 (07/13,2020)\nconf=" + b64(conf) + "\n";
        assertEquals(List.of("HA017"), ids(parse(v21)));
        String v22 = v21.replace("v2.1.5", "v2.2.7");
        assertEquals(List.of("HA018"), ids(parse(v22)));
        String explicit = "systemd=252\nnetworkd=inactive\nkeepalived=Keepalived v2.2.7\nconf=" + b64(conf.replace("use_vmac", "use_vmac\n  vmac_xmit_base")) + "\n";
        assertEquals(List.of(), ids(parse(explicit)));
    }

    @Test
    void dispatcherHooksThatWillNotRun() {
        Evidence e = host(252, KEEP, "", "hooks=root:root:755:/etc/networkd-dispatcher/routable.d/50-vip "
                + "root:staff:755:/etc/networkd-dispatcher/routable.d/60-a root:root:644:/etc/networkd-dispatcher/off.d/70-b "
                + "root:root:777:/etc/networkd-dispatcher/routable.d/80-c\n");
        Finding f = Rules.examine("h", PAIR, e).get(1);
        assertEquals("HA019", f.rule());
        assertEquals("/etc/networkd-dispatcher/routable.d/60-a (root:staff 755), /etc/networkd-dispatcher/off.d/70-b (root:root 644), "
                + "/etc/networkd-dispatcher/routable.d/80-c (root:root 777)", f.evidence());
    }

    @Test
    void ifupdownFlavours() {
        String base = "systemd=252\nnetworkd=inactive\nkeepalived=Keepalived v2.2.7\n";
        String stanza = "auto eth0\niface eth0 inet static\n    address 10.77.1.1/16\n\niface eth1 inet dhcp\n";
        assertEquals(List.of("HA020"), ids(parse(base + "ifupdown=ifupdown2:ii \ninterfaces=" + b64(stanza) + "\n")));
        String purgeOff = stanza.replace("    address 10.77.1.1/16\n", "    address 10.77.1.1/16\n    address-purge no\n");
        assertEquals(List.of(), ids(parse(base + "ifupdown=ifupdown2:ii \ninterfaces=" + b64(purgeOff) + "\n")));
        assertEquals(List.of(), ids(parse(base + "ifupdown=ifupdown:ii ifupdown2:un \ninterfaces=" + b64(stanza) + "\n")),
                "classic ifupdown does not purge");
        String sourced = "source-directory /etc/network/interfaces.d\n";
        Finding ignored = Rules.examine("h", PAIR, parse(base + "ifupdown=ifupdown:ii \ninterfaces=" + b64(sourced)
                + "\ninterfaces_d=eth0 eth0.cfg vip_51\n")).get(0);
        assertEquals("HA021", ignored.rule());
        assertTrue(ignored.evidence().endsWith("has eth0.cfg"), ignored.evidence());
    }

    @Test
    void unattendedUpgradesMatterOnlyWhereNetworkdCanDropTheVip() {
        assertEquals(List.of("HA001", "HA002", "HA022"), ids(host(252, null, "", "unattended=1\n")));
        assertEquals(List.of("HA002"), ids(host(252, KEEP, "", "unattended=1\n")));
        assertEquals(List.of("HA001", "HA002"), ids(host(252, null, "", "unattended=0\n")));
    }
}
