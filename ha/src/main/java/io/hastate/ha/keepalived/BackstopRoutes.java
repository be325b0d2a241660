package io.hastate.ha.keepalived;

import io.hastate.core.facts.DefaultRoutes.DefaultRoute;
import io.hastate.core.facts.NetAddresses.NetAddress;
import io.hastate.core.model.Names;
import io.hastate.ha.keepalived.KeepalivedModel.Instance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Last-resort routes the master keeps through a reconfigure. networkd (247-256) removes the interface's
 * own address and re-adds it a few milliseconds later; meanwhile the kernel has no route to the
 * interface's network nor to its gateway, and a VIP's answers are dropped although the VIP stayed.
 * keepalived's {@code virtual_routes} put a copy of each at the highest metric (never preferred) while
 * the instance is master: {@code protocol static}, which networkd's KeepConfiguration=yes keeps
 * through a reload of a changed .network (keepalived's own protocol it removes), and {@code no_track},
 * so an operator or another tool removing one never faults the instance.
 */
public final class BackstopRoutes {
    private BackstopRoutes() {}

    /** The highest metric the kernel takes, less 255: each VRID adds its own, so two instances' routes never collide. */
    static final long METRIC_BASE = 4294967040L;

    /** keepalived below this has not been measured with these route options: its instances get none. */
    static final String OLDEST_MEASURED = "2.1.5";

    private static final Pattern BACKSTOP = Pattern.compile(
            ".* metric (42949670[4-9]\\d|4294967[12]\\d\\d) protocol static( onlink)? no_track");

    static long metric(int virtualRouterId) {
        return METRIC_BASE + virtualRouterId;
    }

    /** Whether a virtual_routes line (as found in a keepalived.conf) is one of these, so import never carries it. */
    public static boolean isBackstop(String line) {
        return BACKSTOP.matcher(line.strip()).matches();
    }

    /**
     * The model with each backstop instance's routes read from the host: its interface's own IPv4
     * networks (never a VIP) and the default gateways through it. None with an older keepalived.
     */
    static KeepalivedModel resolve(KeepalivedModel model, List<NetAddress> held, List<DefaultRoute> defaults, KeepalivedVersion version) {
        List<Instance> out = new ArrayList<>();
        for (Instance i : model.instances()) {
            if (i.backstopRoutes() == null) {
                out.add(i);
                continue;
            }
            boolean measured = version != null && version.atLeast(OLDEST_MEASURED);
            out.add(i.withBackstopRoutes(measured ? routes(i, held == null ? List.of() : held, defaults == null ? List.of() : defaults) : List.of()));
        }
        return new KeepalivedModel(model.globalDefs(), model.scripts(), out, model.verbatim());
    }

    private static List<String> routes(Instance i, List<NetAddress> held, List<DefaultRoute> defaults) {
        Set<String> vips = new LinkedHashSet<>();
        i.vips().forEach(v -> vips.add(v.vip().address()));
        String tail = " dev " + i.iface();
        String options = " metric " + metric(i.virtualRouterId()) + " protocol static";
        Set<String> routes = new LinkedHashSet<>();
        for (NetAddress a : held) {
            if (!a.global() || !a.device().equals(i.iface()) || !Names.isIPv4(a.address()) || vips.contains(a.address())) continue;
            if (a.prefix() < 1 || a.prefix() > 31) continue;   // a /32 has no network to reach
            routes.add(network(a.address(), a.prefix()) + tail + " scope link" + options + " no_track");
        }
        if (routes.isEmpty()) return List.of();   // no network of its own: its gateway is not reachable either
        for (DefaultRoute d : defaults) {
            if (d.device().equals(i.iface()) && Names.isIPv4(d.gateway())) {
                routes.add("0.0.0.0/0 via " + d.gateway() + tail + options + " onlink no_track");
            }
        }
        return List.copyOf(routes);
    }

    /** The network an address is in: 10.84.1.1 and 16 give 10.84.0.0/16. */
    static String network(String address, int prefix) {
        String[] p = address.split("\\.");
        long value = 0;
        for (String part : p) value = (value << 8) | Integer.parseInt(part);
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long net = value & mask;
        return ((net >> 24) & 255) + "." + ((net >> 16) & 255) + "." + ((net >> 8) & 255) + "." + (net & 255) + "/" + prefix;
    }
}
