package io.hastate.ha.keepalived;

import io.hastate.core.model.Location;
import io.hastate.core.model.Names;
import io.hastate.ha.model.VerbatimLines;
import io.hastate.core.model.InvalidInputException;
import io.hastate.ha.model.Vip;
import io.hastate.ha.keepalived.KeepalivedModel.GlobalDefs;
import io.hastate.ha.keepalived.KeepalivedModel.Instance;
import io.hastate.ha.keepalived.KeepalivedModel.Ipvlan;
import io.hastate.ha.keepalived.KeepalivedModel.Script;
import io.hastate.ha.keepalived.KeepalivedModel.VipSpec;
import io.hastate.ha.model.VipOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds a {@link KeepalivedModel} from a state's plain arguments, refusing anything keepalived would
 * reject or silently change. Errors are {@link IllegalArgumentException}s naming the field.
 */
final class KeepalivedModelParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_./@+-]+");
    private static final Pattern SAFE = Pattern.compile("[^\\n\\r{}\"#!]+");
    private static final Set<String> INSTANCE_KEYS = Set.of("name", "interface", "virtual_router_id", "priority", "state",
            "advert_int", "auth_pass", "vips", "vip_dev", "use_vmac", "vmac_xmit_base", "use_ipvlan", "mcast_src_ip", "unicast_src_ip", "unicast_peer",
            "track_interface", "track_script", "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop",
            "nopreempt", "preempt_delay", "garp_master_delay", "garp_master_refresh", "promote_secondaries", "vmac_fallback_routes", "backstop_routes", "verbatim");
    private static final Set<String> SCRIPT_KEYS = Set.of("script", "interval", "timeout", "weight", "fall", "rise", "user");
    private static final Set<String> GLOBAL_KEYS = Set.of("router_id", "enable_script_security", "script_user",
            "vrrp_garp_master_delay", "vrrp_garp_master_refresh", "verbatim");

    private KeepalivedModelParser() {}

    static KeepalivedModel parse(Map<String, Object> globalDefs, Map<String, Object> scripts, List<Object> instances, List<Object> verbatim) {
        List<Script> parsedScripts = new ArrayList<>();
        scripts.forEach((name, spec) -> parsedScripts.add(script(name, map(spec, "scripts." + name))));
        if (instances.isEmpty()) throw new IllegalArgumentException("instances: at least one vrrp instance is needed");
        List<Instance> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> vrids = new HashSet<>();
        for (int i = 0; i < instances.size(); i++) {
            Instance inst = instance(map(instances.get(i), "instances[" + i + "]"), "instances[" + i + "]");
            if (!names.add(inst.name())) throw new IllegalArgumentException("instances: two instances named " + inst.name());
            // VRRP over IPv4 and over IPv6 are separate protocols: a VRID is taken per family.
            String family = inst.vips().get(0).vip().ipv6() ? "IPv6" : "IPv4";
            if (!vrids.add(inst.iface() + "/" + family + "/" + inst.virtualRouterId())) {
                throw new IllegalArgumentException("instances: virtual_router_id " + inst.virtualRouterId() + " is used twice on " + inst.iface()
                        + (family.equals("IPv6") ? " for IPv6" : ""));
            }
            for (String s : inst.trackScripts()) {
                if (parsedScripts.stream().noneMatch(sc -> sc.name().equals(s))) {
                    throw new IllegalArgumentException("instances[" + i + "].track_script: no script named " + s + " in scripts");
                }
            }
            parsed.add(inst);
        }
        List<String> topLevel = verbatim.stream().map(String::valueOf).toList();
        String problem = VerbatimLines.TOP_LEVEL.problemOf(topLevel);
        if (problem != null) throw new IllegalArgumentException("verbatim: " + problem);
        return new KeepalivedModel(globals(globalDefs), parsedScripts, parsed, topLevel);
    }

    private static GlobalDefs globals(Map<String, Object> m) {
        onlyKeys(m, GLOBAL_KEYS, "global_defs");
        String routerId = optString(m, "router_id", "global_defs");
        if (routerId != null) requireName(routerId, "global_defs.router_id");
        String user = optString(m, "script_user", "global_defs");
        if (user != null) requireName(user, "global_defs.script_user");
        List<String> lines = strings(m, "verbatim", "global_defs");
        String problem = VerbatimLines.GLOBAL_DEFS.problemOf(lines);
        if (problem != null) throw new IllegalArgumentException("global_defs.verbatim: " + problem);
        return new GlobalDefs(routerId, bool(m, "enable_script_security"), user,
                optInt(m, "vrrp_garp_master_delay", "global_defs", 0, 255), optInt(m, "vrrp_garp_master_refresh", "global_defs", 0, 86400), lines);
    }

    private static Script script(String name, Map<String, Object> m) {
        String f = "scripts." + name;
        requireName(name, f);
        onlyKeys(m, SCRIPT_KEYS, f);
        String script = reqString(m, "script", f);
        if (!SAFE.matcher(script).matches()) throw new IllegalArgumentException(f + ".script: must be one line without quotes, braces or #");
        String user = optString(m, "user", f);
        if (user != null) requireName(user, f + ".user");
        Integer interval = optInt(m, "interval", f, 1, 3600);
        return new Script(name, script, interval == null ? 2 : interval, optInt(m, "timeout", f, 1, 3600),
                optInt(m, "weight", f, -253, 253), optInt(m, "fall", f, 1, 255), optInt(m, "rise", f, 1, 255), user);
    }

    private static Instance instance(Map<String, Object> m, String f) {
        onlyKeys(m, INSTANCE_KEYS, f);
        String name = reqString(m, "name", f);
        requireName(name, f + ".name");
        String iface = reqString(m, "interface", f);
        requireIface(iface, f + ".interface");
        int vrid = reqInt(m, "virtual_router_id", f, 1, 255);
        int priority = reqInt(m, "priority", f, 1, 254);
        String state = optString(m, "state", f);
        state = state == null ? "BACKUP" : state.toUpperCase();
        if (!state.equals("MASTER") && !state.equals("BACKUP")) throw new IllegalArgumentException(f + ".state: must be MASTER or BACKUP, got " + state);
        Integer advert = optInt(m, "advert_int", f, 1, 255);
        String auth = optString(m, "auth_pass", f);
        if (auth != null && (auth.isEmpty() || auth.length() > 8 || !SAFE.matcher(auth).matches() || auth.contains(" "))) {
            throw new IllegalArgumentException(f + ".auth_pass: must be 1-8 characters without spaces (keepalived truncates longer ones)");
        }
        List<VipSpec> vips = new ArrayList<>();
        Object vipList = m.get("vips");
        if (!(vipList instanceof List<?> l) || l.isEmpty()) throw new IllegalArgumentException(f + ".vips: a list of at least one VIP is needed");
        // vip_dev (hastate's, not keepalived's keyword): the device for every VIP that names none itself.
        String vipDev = optString(m, "vip_dev", f);
        if (vipDev != null) requireIface(vipDev, f + ".vip_dev");
        for (Object v : (List<?>) vipList) {
            VipSpec spec = vip(v, f + ".vips");
            vips.add(spec.dev() == null && vipDev != null ? new VipSpec(spec.vip(), vipDev) : spec);
        }
        if (vips.stream().map(v -> v.vip().ipv6()).distinct().count() > 1) {
            throw new IllegalArgumentException(f + ".vips: IPv4 and IPv6 VIPs cannot share an instance (keepalived refuses it); give the IPv6 ones an instance of their own");
        }

        String useVmac = null;
        Object vm = m.get("use_vmac");
        if (vm instanceof Boolean b) {
            useVmac = b ? "" : null;
        } else if (vm != null) {
            useVmac = String.valueOf(vm);
            requireIface(useVmac, f + ".use_vmac");
        }
        Ipvlan ipvlan = null;
        if (m.get("use_ipvlan") != null) {
            Map<String, Object> ip = map(m.get("use_ipvlan"), f + ".use_ipvlan");
            onlyKeys(ip, Set.of("name", "address", "mode"), f + ".use_ipvlan");
            String ipName = reqString(ip, "name", f + ".use_ipvlan");
            requireIface(ipName, f + ".use_ipvlan.name");
            String mode = optString(ip, "mode", f + ".use_ipvlan");
            if (mode != null && !Set.of("bridge", "private", "vepa").contains(mode)) {
                throw new IllegalArgumentException(f + ".use_ipvlan.mode: must be bridge, private or vepa");
            }
            ipvlan = new Ipvlan(ipName, vipOrThrow(reqString(ip, "address", f + ".use_ipvlan"), f + ".use_ipvlan.address"),
                    mode == null ? "bridge" : mode);
        }
        if (useVmac != null && ipvlan != null) throw new IllegalArgumentException(f + ": use_vmac and use_ipvlan exclude each other");
        String src = optString(m, "unicast_src_ip", f);
        if (src != null && !src.equals(Instance.PRIMARY)) requireIp(src, f + ".unicast_src_ip");
        String mcastSrc = optString(m, "mcast_src_ip", f);
        if (mcastSrc != null && !mcastSrc.equals(Instance.PRIMARY)) requireIp(mcastSrc, f + ".mcast_src_ip");
        List<String> peers = strings(m, "unicast_peer", f);
        for (String p : peers) requireIp(p, f + ".unicast_peer");
        if (mcastSrc != null && !peers.isEmpty()) {
            throw new IllegalArgumentException(f + ".mcast_src_ip: a unicast instance takes its source from unicast_src_ip");
        }
        boolean xmitBase = bool(m, "vmac_xmit_base");
        if (useVmac != null && !peers.isEmpty() && !xmitBase) {
            throw new IllegalArgumentException(f + ": use_vmac with unicast_peer needs vmac_xmit_base: true (keepalived forces it, or drops use_vmac on 2.1.x)");
        }
        List<String> tracked = strings(m, "track_interface", f);
        for (String t : tracked) requireIface(t, f + ".track_interface");
        Map<String, String> notify = new LinkedHashMap<>();
        for (String k : List.of("notify", "notify_master", "notify_backup", "notify_fault", "notify_stop")) {
            String p = optString(m, k, f);
            if (p == null) continue;
            if (!PATH.matcher(p).matches()) throw new IllegalArgumentException(f + "." + k + ": must be an absolute path to a script");
            notify.put(k, p);
        }
        boolean fallbackRoutes = fallbackRoutes(m, f, useVmac != null, vips.get(0).vip().ipv6());
        boolean backstop = bool(m, "backstop_routes");
        if (backstop && vips.get(0).vip().ipv6()) {
            throw new IllegalArgumentException(f + ".backstop_routes: IPv4 only (an IPv6 instance's routes are not covered)");
        }
        boolean nopreempt = bool(m, "nopreempt");
        Integer preemptDelay = optInt(m, "preempt_delay", f, 0, 1000);
        // keepalived clears both, with no more than a log line, on an instance that starts as MASTER.
        if ((nopreempt || preemptDelay != null) && state.equals("MASTER")) {
            throw new IllegalArgumentException(f + "." + (nopreempt ? "nopreempt" : "preempt_delay")
                    + ": needs state BACKUP (keepalived ignores it on an instance that starts as MASTER)");
        }
        if (nopreempt && preemptDelay != null) {
            throw new IllegalArgumentException(f + ".preempt_delay: cannot go with nopreempt (keepalived ignores it)");
        }
        return new Instance(name, iface, vrid, priority, state, advert == null ? 1 : advert, auth, vips, useVmac, xmitBase, ipvlan,
                mcastSrc, src, peers, tracked, strings(m, "track_script", f), notify, nopreempt, preemptDelay,
                optInt(m, "garp_master_delay", f, 0, 255), optInt(m, "garp_master_refresh", f, 0, 86400), bool(m, "promote_secondaries"),
                fallbackRoutes, backstop ? List.of() : null, verbatim(m, f));
    }

    /** The master's VMAC routes are kept by keepalived's notify, so they need a VMAC, IPv4 and that notify free. */
    private static boolean fallbackRoutes(Map<String, Object> m, String f, boolean vmac, boolean ipv6) {
        if (!bool(m, "vmac_fallback_routes")) return false;
        String field = f + ".vmac_fallback_routes";
        if (!vmac) throw new IllegalArgumentException(field + ": needs use_vmac (the routes are on the VMAC)");
        if (ipv6) throw new IllegalArgumentException(field + ": IPv4 only (an IPv6 instance's routes are not covered)");
        boolean verbatimNotify = strings(m, "verbatim", f).stream().anyMatch(l -> l.strip().split("\\s+")[0].equals("notify"));
        if (m.get("notify") != null || verbatimNotify) {
            throw new IllegalArgumentException(field + ": keepalived's notify keeps these routes, and this instance's notify is already set");
        }
        return true;
    }

    /** Lines written into the instance as they are; none may set what this instance's own keys set. */
    private static List<String> verbatim(Map<String, Object> m, String f) {
        List<String> lines = strings(m, "verbatim", f);
        String problem = VerbatimLines.problem(lines);
        if (problem != null) throw new IllegalArgumentException(f + ".verbatim: " + problem);
        for (String line : lines) {
            String keyword = line.strip().split("\\s+")[0];
            Object own = m.get(keyword);
            // An empty list says nothing (the HA tree passes track_script: [] for an instance without checks).
            if (INSTANCE_KEYS.contains(keyword) && own != null && !(own instanceof java.util.Collection<?> c && c.isEmpty())) {
                throw new IllegalArgumentException(f + ".verbatim: sets " + keyword + ", which the instance's own " + keyword + " sets");
            }
        }
        return lines;
    }

    private static VipSpec vip(Object v, String f) {
        if (v instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) raw;
            onlyKeys(m, Set.of("address", "dev"), f);
            String dev = optString(m, "dev", f);
            if (dev != null) requireIface(dev, f + ".dev");
            return new VipSpec(vipOrThrow(reqString(m, "address", f), f), dev);
        }
        // "ADDRESS [OPTIONS]": a dev among the options is the VIP's device, the rest stay with the VIP.
        Vip vip = vipOrThrow(String.valueOf(v), f);
        String dev = VipOptions.dev(vip.options());
        if (dev == null) return new VipSpec(vip, null);
        return new VipSpec(new Vip(vip.address(), vip.prefix(), vip.ipv6(), VipOptions.withoutDev(vip.options())), dev);
    }

    // --- small typed readers -------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String f) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(f + ": expected a mapping");
    }

    private static void onlyKeys(Map<String, Object> m, Set<String> allowed, String f) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) throw new IllegalArgumentException(f + "." + k + ": unknown keyword (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        }
    }

    private static String optString(Map<String, Object> m, String k, String f) {
        Object v = m.get(k);
        return v == null ? null : String.valueOf(v);
    }

    private static String reqString(Map<String, Object> m, String k, String f) {
        String v = optString(m, k, f);
        if (v == null || v.isBlank()) throw new IllegalArgumentException(f + "." + k + ": required");
        return v;
    }

    private static Integer optInt(Map<String, Object> m, String k, String f, int min, int max) {
        Object v = m.get(k);
        if (v == null) return null;
        int n;
        try {
            n = v instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(f + "." + k + ": expected a whole number, got '" + v + "'");
        }
        if (n < min || n > max) throw new IllegalArgumentException(f + "." + k + ": must be " + min + "-" + max + ", got " + n);
        return n;
    }

    private static int reqInt(Map<String, Object> m, String k, String f, int min, int max) {
        Integer v = optInt(m, k, f, min, max);
        if (v == null) throw new IllegalArgumentException(f + "." + k + ": required");
        return v;
    }

    private static boolean bool(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v).trim().toLowerCase();
        if (Set.of("true", "yes", "on").contains(s)) return true;
        if (Set.of("false", "no", "off", "").contains(s)) return false;
        throw new IllegalArgumentException(k + ": expected true or false, got '" + v + "'");
    }

    private static List<String> strings(Map<String, Object> m, String k, String f) {
        Object v = m.get(k);
        if (v == null) return List.of();
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
        else out.add(String.valueOf(v));
        return out;
    }

    private static void requireName(String s, String f) {
        if (!NAME.matcher(s).matches()) throw new IllegalArgumentException(f + ": '" + s + "' is not a valid name (letters, digits, _ . -)");
    }

    private static void requireIface(String s, String f) {
        if (!Names.isInterfaceName(s)) throw new IllegalArgumentException(f + ": '" + s + "' is not a valid interface name");
    }

    private static void requireIp(String s, String f) {
        if (!Names.isIp(s)) throw new IllegalArgumentException(f + ": '" + s + "' is not an IP address");
    }

    /** Turns the loader's invalid-VIP error into an argument error for this module. */
    static Vip vipOrThrow(String text, String f) {
        try {
            return Vip.parse(text, Location.NONE, f);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(f + ": " + e.problem());
        }
    }
}
