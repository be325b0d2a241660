package io.hastate.core.model;

import java.util.List;

/** VRRP data both nodes of a pair share. */
public record Vrrp(int virtualRouterId, String iface, int advertInt, List<Vip> vips, Location location) {
    public Vrrp {
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw new InvalidInputException(location, "vrrp.virtual_router_id", "must be 1-255, got " + virtualRouterId);
        }
        if (advertInt < 1 || advertInt > 255) {
            throw new InvalidInputException(location, "vrrp.advert_int", "must be 1-255 seconds, got " + advertInt);
        }
        if (vips.isEmpty()) {
            throw new InvalidInputException(location, "vrrp.vips", "at least one VIP is required");
        }
        vips = List.copyOf(vips);
    }
}
