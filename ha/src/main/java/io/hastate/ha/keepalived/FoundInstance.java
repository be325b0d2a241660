package io.hastate.ha.keepalived;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A vrrp_instance as found in a keepalived.conf hastate did not write, with keepalived's defaults
 * filled in. {@code vips} are CIDRs with their device ("10.0.0.5/32 dev eth0"); {@code trackScripts} are
 * the lines of its track_script block ("chk_web" or "chk_web weight -20"); {@code unmodelled} names what
 * the instance has that hastate's HA tree does not write (keywords and blocks, track_script among them);
 * {@code backstopRoutes}: it has the HA tree's backstop routes (left out of its lines).
 */
public record FoundInstance(String name, Map<String, String> keywords, List<String> vips, List<String> unicastPeers,
                            String authPass, List<String> trackScripts, List<String> unmodelled, List<String> body,
                            boolean backstopRoutes) {
    /** What the HA tree renders in a vrrp_instance; anything else in a found one would go on apply. */
    private static final Set<String> MODELLED = Set.of("state", "interface", "virtual_router_id", "priority", "advert_int",
            "nopreempt", "use_vmac", "vmac_xmit_base", "use_ipvlan", "mcast_src_ip", "unicast_src_ip");

    /** Every vrrp_instance of {@code text}, in file order. */
    public static List<FoundInstance> in(String text) {
        List<FoundInstance> out = new ArrayList<>();
        KeepalivedConfText.instances(text).forEach((name, v) -> {
            List<String> unmodelled = new ArrayList<>();
            v.keywords.keySet().stream().filter(k -> !MODELLED.contains(k)).forEach(unmodelled::add);
            // The HA tree's own backstop routes are written again wherever they apply: never carried.
            v.otherBlocks.forEach((block, lines) -> {
                if (!(block.equals("virtual_routes") && lines.stream().allMatch(BackstopRoutes::isBackstop))) unmodelled.add(block);
            });
            List<String> tracked = v.otherBlocks.getOrDefault("track_script", List.of());
            out.add(new FoundInstance(name, Map.copyOf(v.keywords), List.copyOf(v.vips), List.copyOf(v.peers), v.authPass, List.copyOf(tracked),
                    List.copyOf(unmodelled), withoutBackstopRoutes(v.body), v.body.stream().anyMatch(BackstopRoutes::isBackstop)));
        });
        return out;
    }

    /** {@code body} without backstop route lines, and without a virtual_routes block they leave empty. */
    private static List<String> withoutBackstopRoutes(List<String> body) {
        List<String> out = new ArrayList<>();
        for (String line : body) {
            if (BackstopRoutes.isBackstop(line)) continue;
            boolean emptied = line.equals("}") && !out.isEmpty() && out.get(out.size() - 1).matches("virtual_routes\\s*\\{");
            if (emptied) out.remove(out.size() - 1);
            else out.add(line);
        }
        return List.copyOf(out);
    }

    /**
     * The instance's lines for what the pair model has no field for (its keywords and sub-blocks other
     * than the model's), as they are written, in file order: what an inventory carries verbatim.
     */
    public List<String> unmodelledLines() {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean taking = false;
        for (String line : body) {
            if (depth == 0) {
                String keyword = line.split("\\s+")[0];
                taking = !io.hastate.ha.model.VerbatimLines.MODELLED.contains(keyword) && !keyword.equals("{");
            }
            if (taking) out.add(line);
            if (line.endsWith("{")) depth++;
            else if (line.equals("}")) depth = Math.max(0, depth - 1);
        }
        return out;
    }

    public String keyword(String key) {
        return keywords.get(key);
    }

    public String iface() {
        return keywords.get("interface");
    }

    /** The VRID, or -1 when it is missing or not a number (keepalived refuses such an instance). */
    public int vrid() {
        try {
            return Integer.parseInt(keywords.getOrDefault("virtual_router_id", "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The VIPs as inventory entries: address, prefix and their options, without the device when it is
     * the instance's own interface (where the HA tree puts a VIP anyway).
     */
    public List<String> vipEntries() {
        List<String> out = new ArrayList<>();
        for (String vip : vips) {
            List<String> words = new ArrayList<>(List.of(vip.split("\\s+")));
            int dev = words.indexOf("dev");
            if (dev > 0 && dev + 1 < words.size() && words.get(dev + 1).equals(iface())) {
                words.remove(dev + 1);
                words.remove(dev);
            }
            out.add(String.join(" ", words));
        }
        out.sort(null);
        return out;
    }

    /** The VIPs' addresses with their prefix, without the device: what identifies the pair. */
    public List<String> vipCidrs() {
        return vips.stream().map(v -> v.split("\\s+")[0]).sorted().toList();
    }
}
