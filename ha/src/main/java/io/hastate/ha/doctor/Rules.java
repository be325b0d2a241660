package io.hastate.ha.doctor;

import io.hastate.ha.model.Vip;
import io.hastate.ha.keepalived.KeepalivedVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The doctor's rules, each a pure function of a pair member's evidence. Ids are stable: JSON
 * consumers key on them. Based on how networkd and keepalived behave by version and on what the lab
 * measured (HA002, HA024).
 */
public final class Rules {
    private Rules() {}

    /** What a rule needs to know about the pair: the VRRP interface and the VIPs. */
    /** One interface of a pair member, with the VIPs its instances put there. */
    public record InterfaceView(String iface, List<Vip> vips) {}

    interface Rule {
        Optional<Finding> check(String host, InterfaceView pair, Evidence e);
    }

    static final List<Rule> ALL = List.of(
            Rules::networkdDropsVip,
            Rules::reconfigureFailsOver,
            Rules::networkdWithoutKeepConfiguration,
            Rules::vmacManaged,
            Rules::vmacRpFilter,
            Rules::secondaryVipWithoutPromotion,
            Rules::pinnedSourceMissing,
            Rules::vipBecomesPrimary,
            Rules::keepalivedWithoutVipTracking,
            Rules::vipNotTracked,
            Rules::carrierLossDropsAll,
            Rules::configInvalid,
            NetworkRules::keepConfigurationRegression,
            NetworkRules::partialKeepConfiguration,
            NetworkRules::foreignRoutesDropped,
            NetworkRules::foreignRulesDropped,
            NetworkRules::netplanApply,
            NetworkRules::networkManagerDropsVip,
            NetworkRules::vmacWithoutFallbackRoutes,
            NetworkRules::ipvlanRpFilter,
            KeepalivedRules::vmacDroppedWithUnicast,
            KeepalivedRules::vmacXmitBaseImplicit,
            ScriptRules::scriptsAsRoot,
            ScriptRules::programMissing,
            ScriptRules::trackProcessInContainer,
            HostRules::dispatcherHookSkipped,
            HostRules::ifupdown2Purges,
            HostRules::ifupdownIgnoresDropIn);

    /** Risks that are about the host's life rather than its current state, raised by other findings. */
    static final List<String> NETWORKD_DROPS = List.of("HA001", "HA003", "HA009");

    public static List<Finding> examine(String host, InterfaceView pair, Evidence e) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : ALL) r.check(host, pair, e).ifPresent(out::add);
        HostRules.upgradesRestartNetworkd(host, e, out.stream().map(Finding::rule).filter(NETWORKD_DROPS::contains).toList())
                .ifPresent(out::add);
        return out;
    }

    static boolean managed(Evidence e, String iface) {
        String setup = e.linkSetup().get(iface);
        return e.networkdActive() && setup != null && !setup.equals("unmanaged");
    }

    static boolean vipOnOwnDevice(Evidence e) {
        return e.confHas("use_vmac") || e.confHas("use_ipvlan");
    }

    static Optional<Finding> networkdDropsVip(String host, InterfaceView p, Evidence e) {
        if (!managed(e, p.iface()) || e.keepsForeignAddresses() || vipOnOwnDevice(e) || (e.systemd() > 0 && e.systemd() < 243)) return Optional.empty();
        return Optional.of(new Finding("HA001", "networkd drops the VIP", host,
                "systemd-networkd " + e.systemd() + " manages " + p.iface() + " (" + e.linkSetup().get(p.iface()) + "), "
                        + (e.keepConfiguration() == null ? "no KeepConfiguration" : e.keepConfiguration()) + ", VIPs on " + p.iface(),
                "networkd removes the VIP when it reconfigures " + p.iface() + " (networkctl reconfigure, netplan apply, a changed .network and reload)",
                "protection: keep-configuration (network.keep_configuration), better ifupdown (network.ifupdown)"));
    }

    /**
     * networkd 247-256 drops and re-adds the interface's own address on a reconfigure; keepalived faults
     * only when it picked that address as its advert source itself (or tracks it: track_src_ip).
     */
    static Optional<Finding> reconfigureFailsOver(String host, InterfaceView p, Evidence e) {
        if (!managed(e, p.iface()) || e.keepalivedVersion() == null) return Optional.empty();
        if (e.systemd() >= 257) return Optional.empty();
        if (!pinnedSources(e).isEmpty() && !e.confHas("track_src_ip")) return Optional.empty();
        return Optional.of(new Finding("HA002", "a reconfigure fails the pair over", host,
                "systemd-networkd " + e.systemd() + " manages " + p.iface() + ", whose own address keepalived picked as its advert source"
                        + (e.confHas("track_src_ip") ? " (track_src_ip)" : " (no mcast_src_ip or unicast_src_ip)"),
                "a reconfigure removes and re-adds " + p.iface() + "'s own address: keepalived goes FAULT and the VIP moves "
                        + "(measured ~600 ms outage, even with KeepConfiguration=yes or a VMAC)",
                "pin the advert source: mcast_src_ip (or unicast_src_ip) = the node's own address on " + p.iface()
                        + ", without track_src_ip (states/ha does it); or protection: ifupdown"));
    }

    /** The addresses keepalived.conf pins as advert sources (mcast_src_ip, unicast_src_ip). */
    static List<String> pinnedSources(Evidence e) {
        List<String> out = new ArrayList<>();
        if (e.keepalivedConf() == null) return out;
        for (String line : e.keepalivedConf().split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && (words[0].equals("mcast_src_ip") || words[0].equals("unicast_src_ip"))) out.add(words[1]);
        }
        return out;
    }

    /** A pinned source the host no longer has (a new DHCP lease, a changed address). */
    static Optional<Finding> pinnedSourceMissing(String host, InterfaceView p, Evidence e) {
        List<String> own = e.addresses().stream().map(a -> a.cidr().split("/")[0]).toList();
        List<String> missing = pinnedSources(e).stream().filter(s -> !own.contains(s)).toList();
        if (missing.isEmpty() || e.addresses().isEmpty()) return Optional.empty();
        return Optional.of(new Finding("HA023", "the pinned advert source is not on the host", host,
                "keepalived.conf pins " + String.join(", ", missing) + "; " + p.iface() + " has "
                        + e.addresses().stream().filter(a -> a.device().equals(p.iface())).map(Evidence.Address::cidr).toList(),
                "adverts leave from an address the host does not hold: a unicast peer drops them (both nodes become MASTER), "
                        + "a unicast instance cannot bind it and faults",
                "apply the HA tree again: it pins the interface's current address (source primary), or fix the node's address in the inventory"));
    }

    /**
     * A same-subnet VIP (same prefix as the interface's address) is a secondary; with
     * promote_secondaries it survives the primary's removal by becoming the primary itself, and the host's
     * own traffic then leaves from the VIP until the next change (seen on the lab after a reconfigure).
     */
    static Optional<Finding> vipBecomesPrimary(String host, InterfaceView p, Evidence e) {
        int promote = Math.max(intOf(e, "net/ipv4/conf/all/promote_secondaries"), intOf(e, "net/ipv4/conf/" + p.iface() + "/promote_secondaries"));
        if (promote == 0 || !managed(e, p.iface())) return Optional.empty();
        for (Vip v : secondaryVips(p, e)) {
            return Optional.of(new Finding("HA024", "a VIP can become the interface's primary address", host,
                    "VIP " + v.cidr() + " has the prefix and subnet of " + p.iface() + "'s own address, promote_secondaries=1",
                    "when networkd drops and re-adds the own address, the VIP is promoted to primary: the host's own outgoing "
                            + "traffic (and keepalived's unpinned adverts) then leave from the VIP, on the backup too after a move",
                    "declare VIPs as /32 (a /32 is never a secondary); pin the advert source (states/ha does it)"));
        }
        return Optional.empty();
    }

    /** VIPs the kernel makes secondaries of an address on the interface: same prefix length, same subnet. */
    static List<Vip> secondaryVips(InterfaceView p, Evidence e) {
        List<Vip> out = new ArrayList<>();
        for (Vip v : p.vips()) {
            if (v.ipv6()) continue;
            for (Evidence.Address a : e.addresses()) {
                if (!a.device().equals(p.iface()) || a.cidr().startsWith(v.address() + "/")) continue;
                if (a.cidr().endsWith("/" + v.prefix()) && sameSubnet(a.cidr(), v)) {
                    out.add(v);
                    break;
                }
            }
        }
        return out;
    }

    /** networkd before 243 has no KeepConfiguration=yes; CriticalConnection does not survive carrier loss. */
    static Optional<Finding> networkdWithoutKeepConfiguration(String host, InterfaceView p, Evidence e) {
        if (!managed(e, p.iface()) || e.systemd() == 0 || e.systemd() >= 243 || vipOnOwnDevice(e)) return Optional.empty();
        return Optional.of(new Finding("HA003", "this networkd cannot keep the VIP", host,
                "systemd-networkd " + e.systemd() + " manages " + p.iface() + " (" + e.linkSetup().get(p.iface()) + ")",
                "networkd before 243 has no KeepConfiguration=yes; CriticalConnection is skipped on configure but carrier loss still drops the VIP",
                "protection: ifupdown (network.ifupdown) or a VIP device networkd leaves alone (vmac); upgrade the OS"));
    }

    /** networkd 250 drops every address on carrier loss, whatever KeepConfiguration says. */
    static Optional<Finding> carrierLossDropsAll(String host, InterfaceView p, Evidence e) {
        if (!managed(e, p.iface()) || e.systemd() != 250) return Optional.empty();
        return Optional.of(new Finding("HA009", "carrier loss drops the VIP", host,
                "systemd-networkd 250 manages " + p.iface(),
                "networkd 250 removes all addresses of a link that loses carrier, KeepConfiguration or not",
                "upgrade systemd, or protection: ifupdown (network.ifupdown) or vmac"));
    }

    static Optional<Finding> vmacManaged(String host, InterfaceView p, Evidence e) {
        List<String> managed = e.vmacs().stream().filter(v -> managed(e, v)).toList();
        if (managed.isEmpty()) return Optional.empty();
        return Optional.of(new Finding("HA004", "networkd manages keepalived's VMAC", host,
                "networkd setup of " + String.join(", ", managed) + ": " + managed.stream().map(v -> e.linkSetup().get(v)).toList(),
                "networkd drops the VIPs keepalived put on the VMAC when it configures it",
                "network.unmanaged with name vrrp.* (protection: vmac does it)"));
    }

    static Optional<Finding> vmacRpFilter(String host, InterfaceView p, Evidence e) {
        int all = intOf(e, "net/ipv4/conf/all/rp_filter");
        for (String v : e.vmacs()) {
            int effective = Math.max(all, intOf(e, "net/ipv4/conf/" + v + "/rp_filter"));
            if (effective != 0) {
                return Optional.of(new Finding("HA005", "the VMAC filters adverts", host,
                        "effective rp_filter on " + v + " is " + effective + " (all=" + all + ")",
                        "the VMAC holds no address while BACKUP and drops adverts it cannot route back: both nodes may become MASTER",
                        "leave rp_filter to keepalived: do not set all.rp_filter or the VMAC's rp_filter elsewhere"));
            }
        }
        return Optional.empty();
    }

    static Optional<Finding> secondaryVipWithoutPromotion(String host, InterfaceView p, Evidence e) {
        int promote = Math.max(intOf(e, "net/ipv4/conf/all/promote_secondaries"), intOf(e, "net/ipv4/conf/" + p.iface() + "/promote_secondaries"));
        if (promote != 0) return Optional.empty();
        for (Vip v : secondaryVips(p, e)) {
            return Optional.of(new Finding("HA006", "the VIP is a secondary address", host,
                    "VIP " + v.cidr() + " has the prefix and subnet of an address on " + p.iface() + ", promote_secondaries=0",
                    "removing and re-adding the primary address (reconfigure, DHCP) deletes every secondary with it, the VIP too",
                    "VIPs as /32, or sysctl net.ipv4.conf." + p.iface() + ".promote_secondaries=1 (states/ha sets it)"));
        }
        return Optional.empty();
    }

    static Optional<Finding> keepalivedWithoutVipTracking(String host, InterfaceView p, Evidence e) {
        if (e.keepalivedVersion() == null) return Optional.empty();
        if (KeepalivedVersion.of(e.keepalivedVersion()).atLeast("2.0.0")) return Optional.empty();
        return Optional.of(new Finding("HA007", "keepalived does not notice a lost VIP", host, "keepalived " + e.keepalivedVersion(),
                "keepalived before 2.0 does not notice a deleted VIP: the pair stays without it and never fails over",
                "upgrade keepalived to 2.x"));
    }

    static Optional<Finding> vipNotTracked(String host, InterfaceView p, Evidence e) {
        // Only a VIP's: the HA tree's backstop routes carry no_track on purpose.
        if (!e.vipHas("no_track")) return Optional.empty();
        return Optional.of(new Finding("HA008", "a VIP is not tracked", host, "keepalived.conf has no_track on a VIP",
                "keepalived ignores the deletion of such a VIP: it stays gone until the next transition",
                "remove no_track from the VIPs"));
    }

    static Optional<Finding> configInvalid(String host, InterfaceView p, Evidence e) {
        if (e.configTestExit() == null || e.configTestExit() == 0) return Optional.empty();
        String out = e.configTestOutput() == null ? "" : e.configTestOutput().strip();
        if (e.configTestExit() == 143 && !out.contains("Line ")) return Optional.empty();   // keepalived 2.2.7's misreport
        return Optional.of(new Finding("HA010", "keepalived.conf does not pass keepalived -t", host,
                "exit " + e.configTestExit() + ": " + out.replace('\n', ' '),
                "keepalived refuses or rewrites parts of this configuration at its next start or reload",
                "manage it with keepalived.config, which installs only configurations that pass"));
    }

    static int intOf(Evidence e, String key) {
        try {
            return Integer.parseInt(e.sysctls().getOrDefault(key, "0").strip());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    static boolean sameSubnet(String cidr, Vip vip) {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        return (ipv4(parts[0]) & mask) == (ipv4(vip.address()) & mask) && parts[0].contains(".");
    }

    private static long ipv4(String a) {
        if (!a.contains(".")) return -1;
        long v = 0;
        for (String o : a.split("\\.")) v = v << 8 | Integer.parseInt(o);
        return v;
    }
}
