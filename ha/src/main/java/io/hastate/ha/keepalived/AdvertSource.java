package io.hastate.ha.keepalived;

import io.hastate.core.facts.NetAddresses.NetAddress;
import io.hastate.core.model.Names;
import io.hastate.ha.keepalived.KeepalivedModel.Instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pins each instance's advert source ({@code mcast_src_ip} / {@code unicast_src_ip} {@code primary}) to
 * the interface's own IPv4 address as the host holds it now, so a DHCP host is pinned too and a new
 * lease shows as drift. The instance's VIPs never count: after networkd drops and re-adds the
 * interface's address, a same-subnet VIP can be listed first.
 */
final class AdvertSource {
    private AdvertSource() {}

    static KeepalivedModel resolve(KeepalivedModel model, List<NetAddress> held) {
        List<Instance> out = new ArrayList<>();
        for (Instance i : model.instances()) {
            if (!i.pinsPrimary()) {
                out.add(i);
                continue;
            }
            Set<String> vips = i.vips().stream().map(v -> v.vip().address()).collect(Collectors.toSet());
            String own = held.stream()
                    .filter(h -> h.global() && h.device().equals(i.iface()) && Names.isIPv4(h.address()) && !vips.contains(h.address()))
                    .map(NetAddress::address).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no IPv4 address of its own on " + i.iface()
                            + " to pin as instance " + i.name() + "'s advert source"));
            out.add(i.withSource(own));
        }
        return new KeepalivedModel(model.globalDefs(), model.scripts(), out, model.verbatim());
    }
}
