package io.hastate.ha.keepalived;

import io.hastate.ha.keepalived.KeepalivedModel.Instance;
import io.hastate.ha.keepalived.KeepalivedModel.Script;
import io.hastate.ha.keepalived.KeepalivedModel.VipSpec;

/** Writes a {@link KeepalivedModel} as keepalived.conf, the same model always giving the same text. */
final class KeepalivedRenderer {
    static final String HEADER = "# Managed by hastate: edits here are reported as drift and replaced on the next apply.\n";

    private KeepalivedRenderer() {}

    static String render(KeepalivedModel model) {
        StringBuilder out = new StringBuilder(HEADER);
        var g = model.globalDefs();
        out.append("\nglobal_defs {\n");
        if (g.routerId() != null) line(out, 1, "router_id " + g.routerId());
        if (g.enableScriptSecurity()) line(out, 1, "enable_script_security");
        if (g.scriptUser() != null) line(out, 1, "script_user " + g.scriptUser());
        if (g.garpMasterDelay() != null) line(out, 1, "vrrp_garp_master_delay " + g.garpMasterDelay());
        if (g.garpMasterRefresh() != null) line(out, 1, "vrrp_garp_master_refresh " + g.garpMasterRefresh());
        verbatim(out, 1, g.verbatim());
        out.append("}\n");
        if (!model.verbatim().isEmpty()) {
            out.append('\n');
            verbatim(out, 0, model.verbatim());
        }
        for (Script s : model.scripts()) {
            out.append("\nvrrp_script ").append(s.name()).append(" {\n");
            line(out, 1, "script \"" + s.script() + "\"");
            line(out, 1, "interval " + s.interval());
            if (s.timeout() != null) line(out, 1, "timeout " + s.timeout());
            if (s.weight() != null) line(out, 1, "weight " + s.weight());
            if (s.fall() != null) line(out, 1, "fall " + s.fall());
            if (s.rise() != null) line(out, 1, "rise " + s.rise());
            if (s.user() != null) line(out, 1, "user " + s.user());
            out.append("}\n");
        }
        for (Instance i : model.instances()) instance(out, i);
        return out.toString();
    }

    private static void instance(StringBuilder out, Instance i) {
        out.append("\nvrrp_instance ").append(i.name()).append(" {\n");
        line(out, 1, "state " + i.state());
        line(out, 1, "interface " + i.iface());
        line(out, 1, "virtual_router_id " + i.virtualRouterId());
        line(out, 1, "priority " + i.priority());
        line(out, 1, "advert_int " + i.advertInt());
        if (i.nopreempt()) line(out, 1, "nopreempt");
        if (i.preemptDelay() != null) line(out, 1, "preempt_delay " + i.preemptDelay());
        if (i.useVmac() != null) line(out, 1, i.useVmac().isEmpty() ? "use_vmac" : "use_vmac " + i.useVmac());
        if (i.vmacXmitBase()) line(out, 1, "vmac_xmit_base");
        if (i.useIpvlan() != null) {
            line(out, 1, "use_ipvlan " + i.useIpvlan().name() + " " + i.useIpvlan().address().cidr() + " " + i.useIpvlan().mode());
        }
        if (i.promoteSecondaries()) line(out, 1, "promote_secondaries");
        if (i.garpMasterDelay() != null) line(out, 1, "garp_master_delay " + i.garpMasterDelay());
        if (i.garpMasterRefresh() != null) line(out, 1, "garp_master_refresh " + i.garpMasterRefresh());
        if (i.authPass() != null) {
            line(out, 1, "authentication {");
            line(out, 2, "auth_type PASS");
            line(out, 2, "auth_pass " + i.authPass());
            line(out, 1, "}");
        }
        if (i.mcastSrcIp() != null) line(out, 1, "mcast_src_ip " + i.mcastSrcIp());
        if (i.unicastSrcIp() != null) line(out, 1, "unicast_src_ip " + i.unicastSrcIp());
        if (!i.unicastPeers().isEmpty()) {
            line(out, 1, "unicast_peer {");
            for (String p : i.unicastPeers()) line(out, 2, p);
            line(out, 1, "}");
        }
        if (!i.trackInterfaces().isEmpty()) {
            line(out, 1, "track_interface {");
            for (String t : i.trackInterfaces()) line(out, 2, t);
            line(out, 1, "}");
        }
        if (!i.trackScripts().isEmpty()) {
            line(out, 1, "track_script {");
            for (String t : i.trackScripts()) line(out, 2, t);
            line(out, 1, "}");
        }
        i.notifyScripts().forEach((k, v) -> line(out, 1, k + " " + v));
        // As root: only root can change routes; the script's path is root's alone, as keepalived's script security wants.
        if (i.vmacFallbackRoutes()) line(out, 1, "notify \"" + Instance.FALLBACK_ROUTES_SCRIPT + " " + i.vmacDevice() + " " + i.iface() + "\" root");
        if (i.backstopRoutes() != null && !i.backstopRoutes().isEmpty()) {
            line(out, 1, "virtual_routes {");
            for (String r : i.backstopRoutes()) line(out, 2, r);
            line(out, 1, "}");
        }
        verbatim(out, 1, i.verbatim());
        line(out, 1, "virtual_ipaddress {");
        for (VipSpec v : i.vips()) {
            // With a VMAC or ipvlan, keepalived puts the VIPs on that device; naming a dev would override it.
            // keepalived 2.1 even honours "dev <the instance's interface>" and puts the VIP there, where
            // networkd can drop it (seen on Debian 11), so that one is left out too.
            boolean ownDevice = i.useVmac() != null || i.useIpvlan() != null;
            String dev = v.dev() != null && !(ownDevice && v.dev().equals(i.iface())) ? v.dev() : ownDevice ? null : i.iface();
            line(out, 2, v.vip().entry() + (dev == null ? "" : " dev " + dev));
        }
        line(out, 1, "}");
        out.append("}\n");
    }

    /** Lines carried as written, indented by the blocks they open. */
    private static void verbatim(StringBuilder out, int depth, java.util.List<String> lines) {
        for (String v : lines) {
            String text = v.strip();
            if (text.equals("}")) depth--;
            line(out, depth, text);
            if (text.endsWith("{")) depth++;
        }
    }

    private static void line(StringBuilder out, int depth, String text) {
        out.append("    ".repeat(depth)).append(text).append('\n');
    }
}
