package io.hastate.ha.template;

import io.hastate.ha.model.Pairs;
import io.hastate.ha.model.HealthCheck;
import io.hastate.core.model.Inventory;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.ha.model.Vip;
import io.hastate.ha.model.VerbatimLines;
import io.hastate.ha.model.Vrrp;
import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactValues;
import io.hastate.core.template.HostContext;
import io.hastate.ha.facts.InterfaceRenderer;
import io.hastate.ha.model.ProtectionChoice;
import io.hastate.ha.keepalived.KeepalivedModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What templates see of a pair member: {@code pair} (the shared VRRP data, this node's own, and what
 * its protection implies) and {@code peer} (the other node).
 */
public final class PairContext implements HostContext.Contributor {

    /** What configures each interface of the host's instances: the default protection depends on it. */
    @Override
    public List<Fact<?>> grains(Inventory inv, String hostName) {
        return interfacesOf(Pairs.of(inv, hostName)).stream().<Fact<?>>map(InterfaceRenderer::of).toList();
    }

    @Override
    public void addTo(Map<String, Object> ctx, Inventory inv, String hostName, FactValues grains) {
        List<Pair> declared = Pairs.of(inv, hostName);
        if (declared.isEmpty()) return;
        Map<String, String> renderers = new LinkedHashMap<>();
        for (String iface : interfacesOf(declared)) {
            renderers.put(iface, grains.find(InterfaceRenderer.of(iface)).orElse(InterfaceRenderer.UNKNOWN));
        }
        List<Pair> pairs = chosen(declared, renderers);
        Pair pair = pairs.get(0);
        PairNode self = pair.node(hostName).orElseThrow();
        PairNode other = pair.peerOf(hostName).orElseThrow();
        Map<String, Object> pairMap = pairMap(pair, self);
        // The advert source is always pinned: an address keepalived picked itself faults the instance
        // when networkd drops and re-adds it. "primary": the interface's own address, read on the host.
        boolean unicast = pair.vrrp().unicast();
        String source = source(self);
        pairMap.put("source_ip", source);
        pairMap.put("mcast_src_ip", unicast ? null : source);
        pairMap.put("unicast_src_ip", unicast ? source : null);
        // Unicast peers come from the pair itself: each node points at the other.
        String peerAddress = peerAddress(inv, other);
        pairMap.put("unicast_peers", unicast ? List.of(peerAddress) : List.of());
        pairMap.put("vmac_xmit_base", unicast && pair.vrrp().protection().equals("vmac"));
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Vrrp v : pair.instances()) instances.add(instance(pair, v, self, sourceOn(pair, v, source), peerAddress, renderers));
        // A host in several pairs: one keepalived.conf with the instances, scripts and lines of all of them.
        for (Pair more : pairs.subList(1, pairs.size())) {
            PairNode me = more.node(hostName).orElseThrow();
            String peer = peerAddress(inv, more.peerOf(hostName).orElseThrow());
            for (Vrrp v : more.instances()) instances.add(instance(more, v, me, sourceOn(more, v, source(me)), peer, renderers));
            merge(pairMap, pairMap(more, me));
        }
        pairMap.put("instances", instances);
        List<Map<String, Object>> fallbackRoutes = instances.stream().filter(i -> Boolean.TRUE.equals(i.get("vmac_fallback_routes")))
                .<Map<String, Object>>map(i -> Map.of("vmac", KeepalivedModel.Instance.defaultVmacDevice((Integer) i.get("virtual_router_id")), "interface", i.get("interface"))).toList();
        pairMap.put("fallback_routes", fallbackRoutes);
        pairMap.put("vmac_fallback_routes", !fallbackRoutes.isEmpty());
        if (!fallbackRoutes.isEmpty()) {
            // keepalived's notify runs the routes script: the same script security as any other script.
            for (String flag : List.of("runs_scripts", "script_security")) pairMap.put(flag, true);
            pairMap.put("script_user", SCRIPT_USER);
        }
        List<Vrrp> all = pairs.stream().flatMap(p -> p.instances().stream()).toList();
        pairMap.put("interfaces", interfaces(all, renderers));
        pairMap.put("ipvlan_devices", ipvlanDevices(all));
        pairMap.put("uses_vmac", all.stream().anyMatch(v -> v.protection().equals("vmac")));
        // networkd is told to leave keepalived's vrrp.N devices alone; NetworkManager leaves them alone itself.
        pairMap.put("vmac_unmanaged_in_networkd", all.stream().anyMatch(v -> v.protection().equals("vmac")
                && !InterfaceRenderer.NETWORK_MANAGER.equals(renderers.get(v.iface()))));
        pairMap.put("uses_ifupdown", all.stream().anyMatch(v -> v.protection().equals("ifupdown")));
        ctx.put("pair", pairMap);
        Map<String, Object> peer = new LinkedHashMap<>(HostContext.hostMap(inv.host(other.host())));
        peer.put("priority", other.priority());
        peer.put("state", other.initialState());
        ctx.put("peer", peer);
    }

    private static String source(PairNode self) {
        return self.address() != null ? self.address() : "primary";
    }

    /** A node's declared address is on its pair's first interface; on another, the instance pins that interface's own address. */
    private static String sourceOn(Pair pair, Vrrp v, String source) {
        return v.iface().equals(pair.vrrp().iface()) ? source : "primary";
    }

    private static String peerAddress(Inventory inv, PairNode other) {
        return other.address() != null ? other.address() : inv.host(other.host()).address();
    }

    /** Another pair's scripts and lines joined to this host's first pair's (interface and protection are shared). */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> more) {
        ((Map<String, Object>) into.get("scripts")).putAll((Map<String, Object>) more.get("scripts"));
        into.put("track_scripts", List.copyOf(((Map<String, Object>) into.get("scripts")).keySet()));
        for (String flag : List.of("runs_scripts", "process_checked", "script_security")) {
            into.put(flag, Boolean.TRUE.equals(into.get(flag)) || Boolean.TRUE.equals(more.get(flag)));
        }
        into.put("script_user", Boolean.TRUE.equals(into.get("script_security")) ? SCRIPT_USER : null);
        List<String> globals = new ArrayList<>((List<String>) into.get("global_defs_verbatim"));
        for (String line : (List<String>) more.get("global_defs_verbatim")) if (!globals.contains(line)) globals.add(line);
        into.put("global_defs_verbatim", globals);
        List<String> verbatim = new ArrayList<>((List<String>) into.get("verbatim"));
        verbatim.addAll((List<String>) more.get("verbatim"));
        into.put("verbatim", verbatim);
    }

    private static Map<String, Object> pairMap(Pair pair, PairNode self) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", pair.name());
        m.put("virtual_router_id", pair.vrrp().virtualRouterId());
        m.put("interface", pair.vrrp().iface());
        m.put("advert_int", pair.vrrp().advertInt());
        List<Map<String, Object>> vips = new ArrayList<>();
        for (Vip v : pair.vrrp().vips()) {
            vips.add(Map.of("address", v.address(), "prefix", v.prefix(), "cidr", v.cidr(), "ipv6", v.ipv6()));
        }
        m.put("vips", vips);
        m.put("vip_cidrs", pair.vrrp().vips().stream().map(Vip::cidr).toList());
        m.put("vip_device", vipDevice(pair.vrrp()));
        m.put("protection", pair.vrrp().protection());
        m.put("unicast", pair.vrrp().unicast());
        m.put("preempt", pair.vrrp().preempt());
        m.put("nopreempt", !pair.vrrp().preempt());
        for (String p : Vrrp.PROTECTIONS) m.put(p.replace('-', '_'), p.equals(pair.vrrp().protection()));
        m.put("auth_pass", pair.vrrp().authPass());   // null when not set: the state leaves it out
        putChecks(m, pair);   // a mutable map: a host in several pairs merges its others' in
        m.put("global_defs_verbatim", pair.globalDefs());
        // Sync groups are top-level blocks: written before the lines carried as written.
        List<String> topLevel = new ArrayList<>();
        pair.syncGroups().forEach(g -> topLevel.addAll(g.lines()));
        topLevel.addAll(pair.verbatim());
        m.put("verbatim", topLevel);
        m.put("priority", self.priority());
        m.put("state", self.initialState());
        return m;
    }

    /**
     * One of the pair's VRRP instances as keepalived.config's {@code instances} entry for this node. An
     * IPv6 instance sends its adverts from the link-local address (which no networkd action removes):
     * its source is not pinned.
     */
    private static Map<String, Object> instance(Pair pair, Vrrp v, PairNode self, String source, String peerAddress,
                                                Map<String, String> renderers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("interface", v.iface());
        m.put("virtual_router_id", v.virtualRouterId());
        m.put("priority", Pair.priority(self, v));
        // A pair that starts a node as MASTER starts an instance with priorities of its own as MASTER on
        // the node that instance prefers (active/active: each node starts as MASTER of its own instance).
        boolean pairHasMaster = pair.nodes().stream().anyMatch(n -> n.initialState().equals("MASTER"));
        boolean master = v.priorities().isEmpty() ? self.initialState().equals("MASTER") : pairHasMaster && pair.preferred(v).equals(self);
        m.put("state", master ? "MASTER" : "BACKUP");
        m.put("advert_int", v.advertInt());
        if (v.authPass() != null) m.put("auth_pass", v.authPass());
        m.put("vips", v.vips().stream().map(Vip::entry).toList());
        m.put("vip_dev", vipDevice(v));
        m.put("use_vmac", v.protection().equals("vmac"));
        m.put("vmac_xmit_base", v.unicast() && v.protection().equals("vmac"));
        if (!v.ipv6()) m.put(v.unicast() ? "unicast_src_ip" : "mcast_src_ip", source);
        if (v.unicast()) m.put("unicast_peer", List.of(peerAddress));
        m.put("nopreempt", !v.preempt());
        m.put("track_script", v.checks().stream().map(c -> scriptName(pair, c)).toList());
        v.notifyScripts().forEach((event, script) -> m.put(Vrrp.NOTIFY_EVENTS.get(event), script));
        m.put("vmac_fallback_routes", fallbackRoutes(v, renderers.get(v.iface())));
        m.put("backstop_routes", !v.ipv6() && keepsConfiguration(v, renderers.get(v.iface())));
        m.put("verbatim", v.verbatim());
        return m;
    }

    /**
     * Whether the master's VMAC gets last-resort routes: where NetworkManager owns the interface, its
     * re-activation removes the interface's own address and routes for about 0.2 s, and the VIP's
     * replies would have no way out. They are kept by keepalived's notify, so not where the user's
     * notify (state) is set: there that gap stays, as without them.
     */
    private static boolean fallbackRoutes(Vrrp v, String renderer) {
        boolean userNotify = v.notifyScripts().containsKey("state")
                || v.verbatim().stream().anyMatch(l -> l.strip().split("\\s+")[0].equals("notify"));
        return v.protection().equals("vmac") && !v.ipv6() && InterfaceRenderer.NETWORK_MANAGER.equals(renderer) && !userNotify;
    }

    /** The interfaces of the host's instances, each once, in order. */
    private static List<String> interfacesOf(List<Pair> pairs) {
        return pairs.stream().flatMap(p -> p.instances().stream()).map(Vrrp::iface).distinct().toList();
    }

    /** The pairs as this host runs them: each auto instance protected as {@link ProtectionChoice} decides here. */
    private static List<Pair> chosen(List<Pair> pairs, Map<String, String> renderers) {
        List<Vrrp> all = pairs.stream().flatMap(p -> p.instances().stream()).toList();
        return pairs.stream().map(p -> p.withInstances(p.instances().stream()
                .map(v -> v.withProtection(ProtectionChoice.of(v, all, renderers.get(v.iface())))).toList())).toList();
    }

    /**
     * Every interface the host's instances are on, with its protection (the inventory allows one per
     * interface) and what configures it: the tree's interface settings are written for each, networkd's
     * KeepConfiguration only where NetworkManager does not own the interface.
     */
    private static List<Map<String, Object>> interfaces(List<Vrrp> instances, Map<String, String> renderers) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Vrrp v : instances) {
            out.computeIfAbsent(v.iface(), name -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", name);
                m.put("protection", v.protection());
                String renderer = renderers.getOrDefault(name, InterfaceRenderer.UNKNOWN);
                m.put("renderer", renderer);
                m.put("keep_configuration", keepsConfiguration(v, renderer));
                return m;
            });
        }
        return List.copyOf(out.values());
    }

    /**
     * Whether networkd is told to keep what it did not add on the instance's interface: there the
     * master's backstop routes (protocol static) outlive a reconfigure, as its VIPs do.
     */
    private static boolean keepsConfiguration(Vrrp v, String renderer) {
        return List.of("keep-configuration", "vmac").contains(v.protection()) && !InterfaceRenderer.NETWORK_MANAGER.equals(renderer);
    }

    /** The ipvlan devices the host's instances put their VIPs on, each with the interface it sits on. */
    private static List<Map<String, Object>> ipvlanDevices(List<Vrrp> instances) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Vrrp v : instances) {
            if (!v.protection().equals("ipvlan")) continue;
            out.putIfAbsent(vipDevice(v), Map.of("name", vipDevice(v), "parent", v.iface()));
        }
        return List.copyOf(out.values());
    }

    /** With ipvlan protection the VIPs live on a device of their own, named after the VRID. */
    private static String vipDevice(Vrrp v) {
        return v.protection().equals("ipvlan") ? "vip" + v.virtualRouterId() : v.iface();
    }

    /** The user health checks run as: keepalived refuses root on Debian 13, and its package creates none. */
    public static final String SCRIPT_USER = "keepalived_script";

    /**
     * The pair's health checks as keepalived.config's {@code scripts} and the instance's
     * {@code track_script}; script names carry the pair's name, since a host's scripts share one namespace.
     */
    private static void putChecks(Map<String, Object> m, Pair pair) {
        Map<String, Object> scripts = new LinkedHashMap<>();
        List<HealthCheck> checks = pair.instances().stream().flatMap(v -> v.checks().stream()).toList();
        // Lines carried as written run scripts too: notify lines (in an instance, or a sync group), tracked scripts.
        boolean notifies = pair.instances().stream().anyMatch(v -> !v.notifyScripts().isEmpty() || VerbatimLines.runsScripts(v.verbatim()))
                || VerbatimLines.runsScripts(pair.verbatim()) || pair.syncGroups().stream().anyMatch(g -> !g.notifyScripts().isEmpty());
        for (HealthCheck c : checks) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("script", c.script());
            s.put("interval", c.interval());
            s.put("timeout", c.timeout());
            s.put("fall", c.fall());
            s.put("rise", c.rise());
            s.put("weight", c.weight());
            scripts.put(scriptName(pair, c), s);
        }
        // Notify scripts run as the script user too, under the same security.
        Vrrp.NOTIFY_EVENTS.forEach((event, keyword) -> m.put(keyword, pair.vrrp().notifyScripts().get(event)));
        boolean runsScripts = !scripts.isEmpty() || notifies;
        m.put("runs_scripts", runsScripts);
        m.put("process_checked", checks.stream().anyMatch(c -> c.process() != null));
        m.put("scripts", scripts);
        m.put("track_scripts", List.copyOf(scripts.keySet()));
        m.put("script_security", runsScripts);
        m.put("script_user", runsScripts ? SCRIPT_USER : null);   // keepalived.conf names it only when scripts run
        m.put("script_account", SCRIPT_USER);                     // the account the tree creates when they do
    }

    private static String scriptName(Pair pair, HealthCheck check) {
        return pair.name() + "_" + check.name();
    }
}
