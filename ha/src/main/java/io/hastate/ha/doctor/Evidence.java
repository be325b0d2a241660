package io.hastate.ha.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hastate.core.facts.Fact;
import io.hastate.core.facts.NetAddresses;
import io.hastate.core.facts.Observed;
import io.hastate.core.facts.SystemFacts;
import io.hastate.ha.keepalived.KeepalivedVersion;
import io.hastate.core.transport.Shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the doctor reads from a pair member, in one read-only command: systemd and networkd, how
 * networkd treats the VRRP interface (and its KeepConfiguration), keepalived's version, config and
 * config test, the live addresses and devices, the sysctls that decide ARP and reverse-path checks,
 * what else on the host can act on the interface ({@link Surroundings}), and whether each program
 * keepalived.conf runs (scripts, notify) can run there.
 */
public record Evidence(int systemd, boolean networkdActive, Map<String, String> linkSetup, String keepConfiguration,
                       String keepalivedVersion, String keepalivedConf, Integer configTestExit, String configTestOutput,
                       List<Address> addresses, List<String> vmacs, List<String> ipvlans, Map<String, String> sysctls,
                       Surroundings around, Map<String, Boolean> programs) {

    /** A live address: device, address/prefix. */
    public record Address(String device, String cidr) {}

    /**
     * The host's other network actors: networkd.conf's Manage* settings, netplan, networkd-dispatcher
     * hooks ("user:group:mode:path"), the ifupdown flavour and its files, unattended upgrades, and the
     * container the host runs in ("" when none: systemd-detect-virt --container), and NetworkManager's
     * version and its state of the VRRP interface ("" when NetworkManager does not run).
     */
    public record Surroundings(Map<String, String> networkdConf, String netplanVersion, int netplanFiles,
                               List<String> dispatcherHooks, boolean ifupdown, boolean ifupdown2,
                               String interfaces, List<String> interfacesDir, boolean unattendedUpgrades, String container,
                               String networkManager, String nmDeviceState, String nmProfile) {
        /** Whether NetworkManager runs and manages the interface itself (connected, not "externally"). */
        public boolean networkManagerOwns() {
            return !networkManager.isEmpty() && nmDeviceState.startsWith("connected") && !nmDeviceState.contains("externally");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Programs looked up at most: a configuration is the host's, and so is its length. */
    static final int PROGRAMS_READ = 64;

    public static Fact<Evidence> fact(String iface) {
        String i = Shell.quote(iface);
        String c = "echo \"networkd=$(systemctl is-active systemd-networkd.service 2>/dev/null)\"; "
                + "echo \"links=$(networkctl list --no-legend --no-pager 2>/dev/null | awk '{print $2\":\"$5}' | paste -sd' ' -)\"; "
                + "f=$(networkctl status --no-pager " + i + " 2>/dev/null | sed -n 's/^ *Network File: //p'); "
                + "case \"$f\" in /*) b=$(basename \"$f\"); echo \"keep=$(cat \"$f\" /usr/lib/systemd/network/$b.d/*.conf /run/systemd/network/$b.d/*.conf "
                + "/etc/systemd/network/$b.d/*.conf 2>/dev/null | grep -E '^(KeepConfiguration|CriticalConnection)=' | tail -1)\";; esac; "
                + "if [ -f /etc/keepalived/keepalived.conf ]; then echo \"conf=$(base64 -w0 /etc/keepalived/keepalived.conf)\"; "
                + "t=$(keepalived -t -f /etc/keepalived/keepalived.conf 2>&1); echo \"test=$?\"; echo \"testout=$(printf '%s' \"$t\" | base64 -w0)\"; fi; "
                // The first word of each script and notify line, quotes removed: can this host run it?
                + "if [ -f /etc/keepalived/keepalived.conf ]; then echo \"programs=$(awk '$1 ~ /^(script|notify|notify_master|notify_backup|notify_fault|notify_stop|notify_deleted|notify_master_rx_lower_pri)$/ && NF > 1 "
                // A process check (pgrep -x NAME) names its process too: present when in PATH or running.
                + "{p=$2; gsub(/\"/, \"\", p); print p; if (p ~ /pgrep$/ && $3 == \"-x\" && NF > 3) {n=$4; gsub(/\"/, \"\", n); print \"process:\" n}}' "
                + "/etc/keepalived/keepalived.conf | sort -u | head -n " + PROGRAMS_READ + " | while read -r p; do "
                + "case \"$p\" in process:*) n=\"${p#process:}\"; if command -v \"$n\" >/dev/null 2>&1 || pgrep -x \"$n\" >/dev/null 2>&1; then r=ok; else r=missing; fi;; "
                + "*) if command -v \"$p\" >/dev/null 2>&1; then r=ok; else r=missing; fi;; esac; printf '%s:%s\\n' \"$r\" \"$p\"; done | base64 -w0)\"; fi; "
                + "echo \"links_json=$(ip -d -j link show type macvlan 2>/dev/null | base64 -w0)\"; "
                + "for k in net/ipv4/conf/all/rp_filter net/ipv4/conf/" + iface + "/rp_filter net/ipv4/conf/" + iface
                + "/promote_secondaries net/ipv4/conf/all/promote_secondaries; do echo \"sysctl:$k=$(cat /proc/sys/$k 2>/dev/null)\"; done; "
                + "for d in /proc/sys/net/ipv4/conf/vrrp.*; do [ -d \"$d\" ] && echo \"sysctl:net/ipv4/conf/${d##*/}/rp_filter=$(cat $d/rp_filter)\"; done; "
                + "v=$(ip -o link show type ipvlan 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | paste -sd' ' -); echo \"ipvlans=$v\"; "
                + "for d in $v; do echo \"sysctl:net/ipv4/conf/$d/rp_filter=$(cat /proc/sys/net/ipv4/conf/$d/rp_filter 2>/dev/null)\"; done; "
                + "echo \"netconf=$(cat /usr/lib/systemd/networkd.conf /etc/systemd/networkd.conf /usr/lib/systemd/networkd.conf.d/*.conf "
                + "/run/systemd/networkd.conf.d/*.conf /etc/systemd/networkd.conf.d/*.conf 2>/dev/null | grep -E '^ManageForeign' | paste -sd' ' -)\"; "
                + "echo \"netplan=$(dpkg-query -W -f='${Version}' netplan.io 2>/dev/null)\"; "
                + "echo \"netplan_files=$(ls /etc/netplan/*.yaml /run/netplan/*.yaml /lib/netplan/*.yaml 2>/dev/null | wc -l)\"; "
                + "echo \"hooks=$(find /etc/networkd-dispatcher /usr/lib/networkd-dispatcher -mindepth 2 -maxdepth 2 -type f "
                + "-printf '%u:%g:%m:%p ' 2>/dev/null)\"; "
                + "echo \"ifupdown=$(dpkg-query -W -f='${Package}:${db:Status-Abbrev} ' ifupdown ifupdown2 2>/dev/null)\"; "
                + "echo \"interfaces=$(cat /etc/network/interfaces /etc/network/interfaces.d/* 2>/dev/null | base64 -w0)\"; "
                + "echo \"interfaces_d=$(ls /etc/network/interfaces.d 2>/dev/null | paste -sd' ' -)\"; "
                + "echo \"container=$(systemd-detect-virt --container 2>/dev/null)\"; "
                + "if systemctl is-active -q NetworkManager.service 2>/dev/null; then echo \"nm=$(NetworkManager --version 2>/dev/null)\"; "
                + "echo \"nm_state=$(nmcli -t -f DEVICE,STATE device status 2>/dev/null | awk -F: -v d=" + i + " '$1 == d {print $2; exit}')\"; "
                // The profile's name is the host's words: read encoded, kept printable.
                + "echo \"nm_profile=$(nmcli -g GENERAL.CONNECTION device show " + i + " 2>/dev/null | head -n 1 | base64 -w0)\"; fi; "
                + "echo \"unattended=$(apt-config dump 2>/dev/null | sed -n 's/^APT::Periodic::Unattended-Upgrade \"\\(.*\\)\";/\\1/p' | tail -1)\"; true";
        return new Fact<>("doctor:" + iface, c, (out, rc) -> parse(out));
    }

    /**
     * Everything the doctor reads on a pair member: its own command, plus the facts other parts of
     * hastate read too (systemd's and keepalived's versions, the addresses), all in one round trip.
     */
    public static List<Fact<?>> facts(String iface) {
        return List.of(fact(iface), SystemFacts.SYSTEMD_VERSION, KeepalivedVersion.FACT, NetAddresses.FACT);
    }

    /** The evidence from the values of {@link #facts}; empty when the doctor's own command was not read. */
    public static java.util.Optional<Evidence> of(String iface, Observed observed) {
        return observed.get(fact(iface)).map(own -> own.with(observed.get(SystemFacts.SYSTEMD_VERSION).orElse(0),
                observed.get(KeepalivedVersion.FACT).orElse(null),
                NetAddresses.global(observed.get(NetAddresses.FACT).orElse(List.of()))));
    }

    /** This evidence completed with the shared facts. */
    public Evidence with(int systemdVersion, KeepalivedVersion keepalived, List<NetAddresses.NetAddress> globalAddresses) {
        List<Address> addrs = globalAddresses.stream().map(a -> new Address(a.device(), a.cidr())).toList();
        return new Evidence(systemdVersion, networkdActive, linkSetup, keepConfiguration, keepalived == null ? null : keepalived.toString(),
                keepalivedConf, configTestExit, configTestOutput, addrs, vmacs, ipvlans, sysctls, around, programs);
    }

    /** The doctor's own command's output; the shared facts are added by {@link #with}. */
    static Evidence parse(String out) {
        boolean networkd = false;
        Map<String, String> setup = new LinkedHashMap<>();
        String keep = null, conf = null, testOut = null;
        Integer testExit = null;
        List<String> vmacs = new ArrayList<>();
        List<String> ipvlans = List.of();
        Map<String, String> sysctls = new LinkedHashMap<>();
        Map<String, String> netconf = new LinkedHashMap<>();
        String netplan = null, interfaces = "";
        int netplanFiles = 0;
        List<String> hooks = List.of(), interfacesDir = List.of();
        boolean ifupdown = false, ifupdown2 = false, unattended = false;
        String container = "", nm = "", nmState = "", nmProfile = "";
        Map<String, Boolean> programs = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) continue;
            String k = line.substring(0, eq);
            String v = line.substring(eq + 1).strip();
            if (k.startsWith("sysctl:")) {
                if (!v.isEmpty()) sysctls.put(k.substring(7), v);
                continue;
            }
            switch (k) {
                case "networkd" -> networkd = v.equals("active");
                case "links" -> {
                    for (String pair : v.split(" ")) {
                        int c = pair.indexOf(':');
                        if (c > 0) setup.put(pair.substring(0, c), pair.substring(c + 1));
                    }
                }
                case "keep" -> keep = v.isEmpty() ? null : v;
                case "conf" -> conf = decode(v);
                case "test" -> testExit = Integer.parseInt(v);
                case "testout" -> testOut = decode(v);
                case "links_json" -> vmacs = vmacs(decode(v));
                case "ipvlans" -> ipvlans = words(v);
                case "netconf" -> {
                    for (String setting : words(v)) {
                        int e = setting.indexOf('=');
                        if (e > 0) netconf.put(setting.substring(0, e), setting.substring(e + 1));
                    }
                }
                case "netplan" -> netplan = v.isEmpty() ? null : v;
                case "netplan_files" -> netplanFiles = v.matches("\\d+") ? Integer.parseInt(v) : 0;
                case "hooks" -> hooks = words(v);
                case "ifupdown" -> {
                    ifupdown = v.contains("ifupdown:ii");
                    ifupdown2 = v.contains("ifupdown2:ii");
                }
                case "interfaces" -> interfaces = decode(v);
                case "interfaces_d" -> interfacesDir = words(v);
                case "container" -> container = v.isEmpty() || v.equals("none") ? "" : v.matches("[a-z0-9-]{1,32}") ? v : "unknown";
                case "nm" -> nm = v.matches("[0-9A-Za-z.~+-]{1,40}") ? v : "unknown";
                case "nm_state" -> nmState = v.matches("[a-z ()-]{1,40}") ? v : "unknown";
                case "nm_profile" -> nmProfile = profileName(decode(v));
                case "unattended" -> unattended = v.equals("1") || v.equalsIgnoreCase("true");
                case "programs" -> programs = programs(decode(v));
                default -> { }
            }
        }
        return new Evidence(0, networkd, setup, keep, null, conf, testExit, testOut, List.of(), vmacs, ipvlans, sysctls,
                new Surroundings(netconf, netplan, netplanFiles, hooks, ifupdown, ifupdown2, interfaces, interfacesDir, unattended, container, nm, nmState, nmProfile), programs);
    }

    /** A connection profile's name as the host gave it: printable, at most 64 characters. */
    private static String profileName(String raw) {
        String name = io.hastate.core.text.Printable.asciiLine(raw.strip());
        return name.length() > 64 ? name.substring(0, 64) + "..." : name;
    }

    /** "ok:PATH" and "missing:PATH" lines: the host's words, kept printable and bounded. */
    private static Map<String, Boolean> programs(String lines) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || out.size() >= PROGRAMS_READ) continue;
            String program = io.hastate.core.text.Printable.asciiLine(line.substring(colon + 1));
            if (!program.isEmpty()) out.put(program, line.startsWith("ok:"));
        }
        return out;
    }

    private static List<String> words(String v) {
        return v.isBlank() ? List.of() : List.of(v.strip().split("\\s+"));
    }

    private static String decode(String b64) {
        return b64.isEmpty() ? "" : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static List<String> vmacs(String json) {
        List<String> out = new ArrayList<>();
        if (json.isBlank()) return out;
        try {
            for (JsonNode l : JSON.readTree(json)) {
                String mac = l.path("address").asText();
                if (mac.startsWith("00:00:5e:00:01:") || mac.startsWith("00:00:5e:00:02:")) out.add(l.path("ifname").asText());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read ip link output: " + e.getMessage());
        }
        return out;
    }

    public boolean keepsForeignAddresses() {
        return keepConfiguration != null && (keepConfiguration.equals("KeepConfiguration=yes") || keepConfiguration.equals("KeepConfiguration=true")
                || keepConfiguration.equals("CriticalConnection=yes") || keepConfiguration.equals("CriticalConnection=true"));
    }

    /** Whether a VIP line (in a virtual_ipaddress or virtual_ipaddress_excluded block) carries {@code flag}. */
    public boolean vipHas(String flag) {
        if (keepalivedConf == null) return false;
        boolean inVips = false;
        for (String line : keepalivedConf.split("\n")) {
            String t = line.strip();
            int hash = t.indexOf('#');
            if (hash >= 0) t = t.substring(0, hash).strip();
            if (t.matches("virtual_ipaddress(_excluded)?\\s*\\{")) inVips = true;
            else if (t.startsWith("}")) inVips = false;
            else if (inVips && java.util.Arrays.asList(t.split("\\s+")).contains(flag)) return true;
        }
        return false;
    }

    public boolean confHas(String keyword) {
        if (keepalivedConf == null) return false;
        for (String line : keepalivedConf.split("\n")) {
            String t = line.strip();
            int hash = t.indexOf('#');
            if (hash >= 0) t = t.substring(0, hash).strip();
            if (t.equals(keyword) || t.startsWith(keyword + " ") || t.contains(" " + keyword)) return true;
        }
        return false;
    }
}
