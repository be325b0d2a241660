package io.hastate.ha.doctor;

import io.hastate.ha.keepalived.KeepalivedModel;
import io.hastate.ha.model.Vip;

import java.util.List;
import java.util.Optional;

import static io.hastate.ha.doctor.Rules.managed;
import static io.hastate.ha.doctor.Rules.vipOnOwnDevice;

/** Rules about systemd-networkd and netplan beyond the basic VIP exposure, as networkd and netplan behave by version. */
final class NetworkRules {
    private NetworkRules() {}

    /** R6: networkd 257 regressed on KeepConfiguration=yes (systemd#36411, fixed later in 257.x). */
    static Optional<Finding> keepConfigurationRegression(String host, Rules.InterfaceView p, Evidence e) {
        if (e.systemd() < 257 || !managed(e, p.iface()) || !e.keepsForeignAddresses()) return Optional.empty();
        return Optional.of(new Finding("HA011", "KeepConfiguration may not hold on this networkd", host,
                "systemd-networkd " + e.systemd() + ", " + e.keepConfiguration() + " on " + p.iface(),
                "systemd 257 shipped a regression that drops kept addresses (systemd#36411); a 257.x without the fixes loses the VIP",
                "check the distribution's changelog for PRs #36414/#36756; test with networkctl reconfigure on the backup; better protection: ifupdown"));
    }

    /** R2: KeepConfiguration=static or dhcp does not cover IPv6 VIPs, which look dynamic (preferred_lft 0). */
    static Optional<Finding> partialKeepConfiguration(String host, Rules.InterfaceView p, Evidence e) {
        String keep = e.keepConfiguration();
        if (keep == null || !managed(e, p.iface()) || vipOnOwnDevice(e)) return Optional.empty();
        String value = keep.substring(keep.indexOf('=') + 1).strip();
        if (!keep.startsWith("KeepConfiguration=") || !List.of("static", "dhcp", "dhcp-on-stop").contains(value)) return Optional.empty();
        List<String> v6 = p.vips().stream().filter(Vip::ipv6).map(Vip::cidr).toList();
        if (v6.isEmpty()) return Optional.empty();
        return Optional.of(new Finding("HA012", "KeepConfiguration does not cover the IPv6 VIPs", host,
                keep + " on " + p.iface() + ", IPv6 VIPs " + String.join(", ", v6),
                "keepalived adds IPv6 VIPs with preferred lifetime 0, which networkd does not count as static: it drops them",
                "KeepConfiguration=yes (network.keep_configuration value: \"yes\")"));
    }

    /** R7: networkd removes keepalived's virtual_routes (protocol 18) unless told to leave foreign routes. */
    static Optional<Finding> foreignRoutesDropped(String host, Rules.InterfaceView p, Evidence e) {
        if (!e.confHas("virtual_routes") || !managed(e, p.iface()) || e.keepsForeignAddresses()) return Optional.empty();
        String manage = e.around().networkdConf().getOrDefault("ManageForeignRoutes", "yes");
        if (isNo(manage)) return Optional.empty();
        return Optional.of(new Finding("HA013", "networkd drops keepalived's virtual routes", host,
                "keepalived.conf has virtual_routes, networkd.conf ManageForeignRoutes=" + manage,
                "networkd deletes routes it did not make when it configures " + p.iface() + ": the VIP's routes vanish with the master still up",
                "ManageForeignRoutes=no in /etc/systemd/networkd.conf.d/ (systemd 246+), or KeepConfiguration=yes"));
    }

    /** R8: keepalived's virtual_rules go whenever networkd configures any link; KeepConfiguration does not help. */
    static Optional<Finding> foreignRulesDropped(String host, Rules.InterfaceView p, Evidence e) {
        if (!e.confHas("virtual_rules") || !e.networkdActive()) return Optional.empty();
        String manage = e.around().networkdConf().getOrDefault("ManageForeignRoutingPolicyRules", "yes");
        if (e.systemd() >= 249 && isNo(manage)) return Optional.empty();
        return Optional.of(new Finding("HA014", "networkd drops keepalived's routing rules", host,
                "keepalived.conf has virtual_rules, systemd-networkd " + e.systemd() + ", ManageForeignRoutingPolicyRules=" + manage,
                "networkd deletes policy rules it did not make whenever it configures any link; KeepConfiguration does not cover them",
                e.systemd() >= 249 ? "ManageForeignRoutingPolicyRules=no in /etc/systemd/networkd.conf.d/"
                        : "no setting before systemd 249: protection: ifupdown (network.ifupdown)"));
    }

    /** R18/R19: netplan apply restarts networkd (before 0.103) or reconfigures every managed link. */
    static Optional<Finding> netplanApply(String host, Rules.InterfaceView p, Evidence e) {
        Evidence.Surroundings s = e.around();
        if (s.netplanVersion() == null || s.netplanFiles() == 0 || !managed(e, p.iface())) return Optional.empty();
        boolean restarts = versionBelow(s.netplanVersion(), 0, 103);
        return Optional.of(new Finding("HA015", "netplan apply takes the VIP's interface down and up", host,
                "netplan " + s.netplanVersion() + " with " + s.netplanFiles() + " file(s), networkd manages " + p.iface(),
                restarts ? "netplan before 0.103 restarts systemd-networkd on apply: every link is configured again"
                        : "netplan apply runs networkctl reconfigure on every managed link: the master fails over (HA002), "
                        + "and loses the VIP without KeepConfiguration",
                "never run netplan apply on the master; change files and let hastate activate them, or protection: ifupdown"));
    }

    /** R16: an ipvlan device holding VIPs answers off-link clients only with loose or no reverse-path filtering. */
    static Optional<Finding> ipvlanRpFilter(String host, Rules.InterfaceView p, Evidence e) {
        int all = Rules.intOf(e, "net/ipv4/conf/all/rp_filter");
        for (String d : e.ipvlans()) {
            int effective = Math.max(all, Rules.intOf(e, "net/ipv4/conf/" + d + "/rp_filter"));
            if (effective == 1) {
                return Optional.of(new Finding("HA016", "strict rp_filter on the VIP's ipvlan", host,
                        "effective rp_filter on " + d + " is 1 (all=" + all + ")",
                        "strict reverse-path filtering drops client traffic to the VIP that the routing table would send back elsewhere",
                        "rp_filter 2 on the ipvlan and on all (protection: ipvlan sets it)"));
            }
        }
        return Optional.empty();
    }

    private static boolean isNo(String v) {
        return List.of("no", "false", "0", "off").contains(v.toLowerCase(java.util.Locale.ROOT));
    }

    static boolean versionBelow(String version, int major, int minor) {
        String[] parts = version.replaceAll("^\\d+:", "").split("[^0-9]+");
        int maj = parts.length > 0 && !parts[0].isEmpty() ? Integer.parseInt(parts[0]) : 0;
        int min = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0;
        return maj < major || maj == major && min < minor;
    }

    /**
     * HA029: NetworkManager owns the VRRP interface and the VIPs are on it, not on a VMAC. Re-activating
     * or re-applying its profile removes every address NetworkManager did not configure, the VIPs among
     * them; networkd's KeepConfiguration means nothing to it. Measured (Debian 12, NetworkManager 1.42.4,
     * keepalived 2.2.7): nmcli connection up and nmcli device reapply on the holder lost 4 of 60 probes
     * with 2 VRRP transitions, with the source pinned or not; with use_vmac 0 and 0 (NetworkManager
     * leaves keepalived's vrrp.N device alone: "connected (externally)").
     */
    static Optional<Finding> networkManagerDropsVip(String host, Rules.InterfaceView p, Evidence e) {
        if (!e.around().networkManagerOwns()) return Optional.empty();
        if (!e.vmacs().isEmpty()) return Optional.empty();
        return Optional.of(new Finding("HA029", "NetworkManager removes the VIPs when it re-activates the interface", host,
                managedBy(p, e) + "; the VIPs are on " + p.iface() + " itself, no VMAC device",
                "nmcli connection up or nmcli device reapply (a profile change, a reconnect) removes every address NetworkManager did not"
                        + " configure: measured 4 of 60 probes lost and 2 VRRP transitions; networkd's KeepConfiguration means nothing to it",
                "protection: vmac (the VIPs on keepalived's vrrp.N device, which NetworkManager leaves alone: measured 0 lost, 0 transitions)"));
    }

    /** "NetworkManager VERSION manages IFACE (STATE, profile "NAME")": what the host said. */
    private static String managedBy(Rules.InterfaceView p, Evidence e) {
        String profile = e.around().nmProfile();
        return "NetworkManager " + e.around().networkManager() + " manages " + p.iface() + " (" + e.around().nmDeviceState()
                + (profile.isEmpty() ? "" : ", profile \"" + profile + "\"") + ")";
    }

    /**
     * HA030: the VIPs are on a VMAC of an interface NetworkManager owns, but the master's VMAC gets no
     * fallback routes. Re-activating the profile deletes the interface's own address, and with it the
     * route to its network (and a DHCP profile's default route), for 160-190 ms: keepalived stays master,
     * but its answers have no way out. Measured under vmac without the routes: nmcli connection up lost
     * 1 of 68 probes on Debian 13 (NetworkManager 1.52.1) three times out of three, netplan apply's steps
     * 2-3 of 96 on Debian 12 (1.42.4), 0 transitions; with the routes 0 of 68 and 0 of 97.
     */
    static Optional<Finding> vmacWithoutFallbackRoutes(String host, Rules.InterfaceView p, Evidence e) {
        if (!e.around().networkManagerOwns() || e.vmacs().isEmpty() || e.keepalivedConf() == null) return Optional.empty();
        if (runsFallbackRoutes(e.keepalivedConf(), p.iface())) return Optional.empty();
        return Optional.of(new Finding("HA030", "NetworkManager briefly leaves the VIP's master without a route", host,
                managedBy(p, e) + "; the VIPs are on " + String.join(", ", e.vmacs()) + ", and keepalived.conf gives no fallback routes for "
                        + p.iface() + " (no " + KeepalivedModel.Instance.FALLBACK_ROUTES_SCRIPT + " notify)",
                "nmcli connection up, a profile change or netplan apply removes " + p.iface() + "'s own address and routes for about 0.2 s:"
                        + " the master keeps the VIP but cannot answer (measured 1 of 68 probes lost on NetworkManager 1.52, 2-3 of 96"
                        + " through netplan apply's steps, no VRRP transition)",
                "apply the HA tree: its default protection makes " + KeepalivedModel.Instance.FALLBACK_ROUTES_SCRIPT + " the instance's"
                        + " notify, which gives the master's VMAC routes to " + p.iface() + "'s networks and gateway (measured 0 lost); an"
                        + " instance whose notify (state) is your own keeps it: add the same routes from your script"));
    }

    /** Whether a line of keepalived.conf runs the fallback routes script for {@code iface}. */
    private static boolean runsFallbackRoutes(String conf, String iface) {
        for (String line : conf.split("\n")) {
            String[] words = line.replace("\"", " ").strip().split("\\s+");
            for (int w = 0; w + 2 < words.length; w++) {
                if (words[w].equals(KeepalivedModel.Instance.FALLBACK_ROUTES_SCRIPT) && words[w + 2].equals(iface)) return true;
            }
        }
        return false;
    }
}
