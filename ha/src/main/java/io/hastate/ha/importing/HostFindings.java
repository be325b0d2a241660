package io.hastate.ha.importing;

import io.hastate.ha.doctor.Evidence;
import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.keepalived.FoundScript;
import io.hastate.ha.keepalived.FoundTopLevel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one host showed the import: its keepalived.conf's instances, scripts and global_defs, and per
 * instance interface what the doctor reads there (networkd, KeepConfiguration, ifupdown, the live
 * addresses). {@code problem} is why nothing could be read (unreachable, no keepalived.conf).
 */
public record HostFindings(String host, String hostAddress, List<FoundInstance> instances, List<FoundScript> scripts,
                           Map<String, String> globalDefs, FoundTopLevel topLevel, Map<String, Evidence> byIface, String problem) {

    public static HostFindings failed(String host, String problem) {
        return new HostFindings(host, null, List.of(), List.of(), Map.of(), FoundTopLevel.NONE, Map.of(), problem);
    }

    /** What {@code conf}, a host's keepalived.conf, says, with what the doctor read on its interfaces. */
    public static HostFindings of(String host, String address, String conf, Map<String, Evidence> byIface) {
        List<FoundInstance> instances = FoundInstance.in(conf);
        List<FoundScript> scripts = FoundScript.in(conf);
        // Scripts that become checks are written again by the HA tree; the others stay as written at the top.
        Set<String> becomeChecks = tracked(instances, scripts, true);
        becomeChecks.removeAll(tracked(instances, scripts, false));
        return new HostFindings(host, address, instances, scripts, FoundScript.globalDefs(conf), FoundTopLevel.in(conf, becomeChecks), byIface,
                null);
    }

    /** The scripts tracked by instances whose tracking can ({@code asChecks}) or cannot all become checks. */
    private static Set<String> tracked(List<FoundInstance> instances, List<FoundScript> scripts, boolean asChecks) {
        return instances.stream().filter(i -> CheckImport.of(i, scripts).lost().isEmpty() == asChecks)
                .flatMap(i -> i.trackScripts().stream()).map(l -> l.strip().split("\\s+")[0]).collect(Collectors.toCollection(java.util.HashSet::new));
    }

    /** The interface's own IPv4 address (not a VIP): what keepalived picks as advert source when none is pinned. */
    public Optional<String> primaryAddress(String iface, List<String> vipCidrs) {
        Evidence e = byIface.get(iface);
        if (e == null) return Optional.empty();
        Set<String> vips = vipCidrs.stream().map(c -> c.substring(0, c.indexOf('/'))).collect(Collectors.toSet());
        return e.addresses().stream().filter(a -> a.device().equals(iface)).map(a -> a.cidr().substring(0, a.cidr().indexOf('/')))
                .filter(a -> a.indexOf(':') < 0 && !vips.contains(a)).findFirst();
    }

    /**
     * How the instance's VIPs are kept from systemd-networkd today, in the HA tree's words: its own device
     * (vmac, ipvlan), the interface on ifupdown, networkd keeping foreign addresses, or nothing.
     */
    public String protection(FoundInstance i) {
        if (i.keyword("use_vmac") != null) return "vmac";
        Evidence e = byIface.get(i.iface());
        if (i.keyword("use_ipvlan") != null) return "ipvlan";
        if (e == null) return "none";
        boolean vipOnIpvlan = i.vips().stream().map(v -> v.split(" dev ")).anyMatch(p -> p.length == 2 && e.ipvlans().contains(p[1].strip()));
        if (vipOnIpvlan) return "ipvlan";
        String setup = e.linkSetup().get(i.iface());
        boolean networkd = e.networkdActive() && setup != null && !setup.equals("unmanaged");
        if (!networkd && ifupdownConfigures(e, i.iface())) return "ifupdown";
        if (networkd && e.keepsForeignAddresses()) return "keep-configuration";
        return "none";
    }

    /** What configures the interface, for the operator: NetworkManager, netplan, systemd-networkd, ifupdown. */
    public String renderer(String iface) {
        Evidence e = byIface.get(iface);
        if (e == null) return "unknown";
        if (e.around().networkManagerOwns()) {
            String profile = e.around().nmProfile().isEmpty() ? "" : ", profile \"" + e.around().nmProfile() + "\"";
            return "NetworkManager " + e.around().networkManager() + " (" + e.around().nmDeviceState() + profile + ")";
        }
        String setup = e.linkSetup().get(iface);
        if (e.networkdActive() && setup != null && !setup.equals("unmanaged")) {
            String keep = e.keepConfiguration() == null ? "no KeepConfiguration"
                    : e.keepConfiguration().matches("(KeepConfiguration|CriticalConnection)=[A-Za-z0-9-]{1,32}") ? e.keepConfiguration()
                    : "a KeepConfiguration networkd does not know";
            return (e.around().netplanFiles() > 0 ? "netplan with systemd-networkd" : "systemd-networkd") + ", " + keep;
        }
        if (ifupdownConfigures(e, iface)) return e.around().ifupdown2() ? "ifupdown2" : "ifupdown";
        return "nothing known (" + (setup == null ? "not listed by networkctl" : setup) + ")";
    }

    private static boolean ifupdownConfigures(Evidence e, String iface) {
        String text = e.around().interfaces();
        return text != null && text.lines().map(String::strip).anyMatch(l -> l.matches("iface\\s+" + java.util.regex.Pattern.quote(iface) + "\\s.*"));
    }
}
