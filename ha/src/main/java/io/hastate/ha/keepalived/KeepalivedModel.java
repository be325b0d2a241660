package io.hastate.ha.keepalived;

import io.hastate.ha.model.Vip;

import java.util.List;
import java.util.Map;

/** The part of keepalived.conf hastate manages, typed; {@link KeepalivedRenderer} writes it out. */
public record KeepalivedModel(GlobalDefs globalDefs, List<Script> scripts, List<Instance> instances, List<String> verbatim) {

    public record GlobalDefs(String routerId, boolean enableScriptSecurity, String scriptUser,
                             Integer garpMasterDelay, Integer garpMasterRefresh, List<String> verbatim) {}

    public record Script(String name, String script, int interval, Integer timeout, Integer weight,
                         Integer fall, Integer rise, String user) {}

    /**
     * {@code useVmac} is null when off, "" for keepalived's default name, else the device name.
     * {@code vmacFallbackRoutes}: keepalived's notify gives the master's VMAC last-resort routes (see
     * {@link #FALLBACK_ROUTES_SCRIPT}). {@code backstopRoutes} is null when off, else the master's
     * {@link BackstopRoutes}: empty until read from the host (and when it has none to keep).
     */
    public record Instance(String name, String iface, int virtualRouterId, int priority, String state, int advertInt,
                           String authPass, List<VipSpec> vips, String useVmac, boolean vmacXmitBase, Ipvlan useIpvlan,
                           String mcastSrcIp, String unicastSrcIp, List<String> unicastPeers, List<String> trackInterfaces,
                           List<String> trackScripts, Map<String, String> notifyScripts, boolean nopreempt, Integer preemptDelay,
                           Integer garpMasterDelay, Integer garpMasterRefresh, boolean promoteSecondaries, boolean vmacFallbackRoutes,
                           List<String> backstopRoutes, List<String> verbatim) {
        /** Where the HA tree installs the script that keeps the master's VMAC routes; it takes the VMAC and the interface. */
        public static final String FALLBACK_ROUTES_SCRIPT = "/usr/local/lib/hastate/vmac-fallback-routes";

        /** The device keepalived makes for this instance's VMAC. */
        public String vmacDevice() {
            return useVmac == null ? null : useVmac.isEmpty() ? defaultVmacDevice(virtualRouterId) : useVmac;
        }

        /** Whether a notify line's value (as found in a keepalived.conf) is the one the HA tree writes for the routes. */
        public static boolean isFallbackRoutesNotify(String value) {
            return value != null && value.replace("\"", "").strip().startsWith(FALLBACK_ROUTES_SCRIPT + " ");
        }

        /** keepalived's name for an IPv4 instance's VMAC when use_vmac names none. */
        public static String defaultVmacDevice(int virtualRouterId) {
            return "vrrp." + virtualRouterId;
        }

        /** The word that pins the advert source to the interface's own address, read on the host at check time. */
        public static final String PRIMARY = "primary";

        public boolean pinsPrimary() {
            return PRIMARY.equals(mcastSrcIp) || PRIMARY.equals(unicastSrcIp);
        }

        /** This instance on a drained node: the lowest priority, starting as BACKUP. */
        public Instance drained() {
            return new Instance(name, iface, virtualRouterId, DrainMark.PRIORITY, "BACKUP", advertInt, authPass, vips, useVmac, vmacXmitBase,
                    useIpvlan, mcastSrcIp, unicastSrcIp, unicastPeers, trackInterfaces, trackScripts, notifyScripts, nopreempt, preemptDelay,
                    garpMasterDelay, garpMasterRefresh, promoteSecondaries, vmacFallbackRoutes, backstopRoutes, verbatim);
        }

        /** This instance taking its pair's VIPs over: the highest priority, preempting. */
        public Instance takingOver() {
            return new Instance(name, iface, virtualRouterId, TakeoverMark.PRIORITY, state, advertInt, authPass, vips, useVmac, vmacXmitBase,
                    useIpvlan, mcastSrcIp, unicastSrcIp, unicastPeers, trackInterfaces, trackScripts, notifyScripts, false, null,
                    garpMasterDelay, garpMasterRefresh, promoteSecondaries, vmacFallbackRoutes, backstopRoutes, verbatim);
        }

        /** This instance with {@code primary} replaced by {@code address}. */
        public Instance withSource(String address) {
            return new Instance(name, iface, virtualRouterId, priority, state, advertInt, authPass, vips, useVmac, vmacXmitBase, useIpvlan,
                    PRIMARY.equals(mcastSrcIp) ? address : mcastSrcIp, PRIMARY.equals(unicastSrcIp) ? address : unicastSrcIp,
                    unicastPeers, trackInterfaces, trackScripts, notifyScripts, nopreempt, preemptDelay, garpMasterDelay,
                    garpMasterRefresh, promoteSecondaries, vmacFallbackRoutes, backstopRoutes, verbatim);
        }

        /** This instance with its backstop routes as read from the host. */
        public Instance withBackstopRoutes(List<String> routes) {
            return new Instance(name, iface, virtualRouterId, priority, state, advertInt, authPass, vips, useVmac, vmacXmitBase, useIpvlan,
                    mcastSrcIp, unicastSrcIp, unicastPeers, trackInterfaces, trackScripts, notifyScripts, nopreempt, preemptDelay,
                    garpMasterDelay, garpMasterRefresh, promoteSecondaries, vmacFallbackRoutes, List.copyOf(routes), verbatim);
        }
    }

    /** The model on a drained node: every instance drained. */
    public KeepalivedModel drained() {
        return new KeepalivedModel(globalDefs, scripts, instances.stream().map(Instance::drained).toList(), verbatim);
    }

    /** The model with the instances named drained, the others as they are. */
    public KeepalivedModel drained(java.util.Set<String> names) {
        return new KeepalivedModel(globalDefs, scripts, instances.stream().map(i -> names.contains(i.name()) ? i.drained() : i).toList(), verbatim);
    }

    /** The model on a node taking its pair's VIPs over: every instance preempting at the highest priority. */
    public KeepalivedModel takingOver() {
        return new KeepalivedModel(globalDefs, scripts, instances.stream().map(Instance::takingOver).toList(), verbatim);
    }

    /** The model with the instances named taking over, the others as they are. */
    public KeepalivedModel takingOver(java.util.Set<String> names) {
        return new KeepalivedModel(globalDefs, scripts, instances.stream().map(i -> names.contains(i.name()) ? i.takingOver() : i).toList(), verbatim);
    }

    /** A VIP, optionally on another device than the instance's interface. */
    public record VipSpec(Vip vip, String dev) {}

    /** keepalived's use_ipvlan: a named L2 ipvlan with its own address. */
    public record Ipvlan(String name, Vip address, String mode) {}
}
