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

    /** {@code useVmac} is null when off, "" for keepalived's default name, else the device name. */
    public record Instance(String name, String iface, int virtualRouterId, int priority, String state, int advertInt,
                           String authPass, List<VipSpec> vips, String useVmac, boolean vmacXmitBase, Ipvlan useIpvlan,
                           String mcastSrcIp, String unicastSrcIp, List<String> unicastPeers, List<String> trackInterfaces,
                           List<String> trackScripts, Map<String, String> notifyScripts, boolean nopreempt, Integer preemptDelay,
                           Integer garpMasterDelay, Integer garpMasterRefresh, boolean promoteSecondaries, List<String> verbatim) {
        /** The word that pins the advert source to the interface's own address, read on the host at check time. */
        public static final String PRIMARY = "primary";

        public boolean pinsPrimary() {
            return PRIMARY.equals(mcastSrcIp) || PRIMARY.equals(unicastSrcIp);
        }

        /** This instance on a drained node: the lowest priority, starting as BACKUP. */
        public Instance drained() {
            return new Instance(name, iface, virtualRouterId, DrainMark.PRIORITY, "BACKUP", advertInt, authPass, vips, useVmac, vmacXmitBase,
                    useIpvlan, mcastSrcIp, unicastSrcIp, unicastPeers, trackInterfaces, trackScripts, notifyScripts, nopreempt, preemptDelay,
                    garpMasterDelay, garpMasterRefresh, promoteSecondaries, verbatim);
        }

        /** This instance taking its pair's VIPs over: the highest priority, preempting. */
        public Instance takingOver() {
            return new Instance(name, iface, virtualRouterId, TakeoverMark.PRIORITY, state, advertInt, authPass, vips, useVmac, vmacXmitBase,
                    useIpvlan, mcastSrcIp, unicastSrcIp, unicastPeers, trackInterfaces, trackScripts, notifyScripts, false, null,
                    garpMasterDelay, garpMasterRefresh, promoteSecondaries, verbatim);
        }

        /** This instance with {@code primary} replaced by {@code address}. */
        public Instance withSource(String address) {
            return new Instance(name, iface, virtualRouterId, priority, state, advertInt, authPass, vips, useVmac, vmacXmitBase, useIpvlan,
                    PRIMARY.equals(mcastSrcIp) ? address : mcastSrcIp, PRIMARY.equals(unicastSrcIp) ? address : unicastSrcIp,
                    unicastPeers, trackInterfaces, trackScripts, notifyScripts, nopreempt, preemptDelay, garpMasterDelay,
                    garpMasterRefresh, promoteSecondaries, verbatim);
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
