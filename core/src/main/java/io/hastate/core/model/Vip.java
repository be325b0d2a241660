package io.hastate.core.model;

/**
 * A virtual IP with its prefix length, e.g. {@code 192.168.50.10/24}, and the keepalived options its
 * line carries after the address ({@code dev eth1 label eth1:web}; "" for none), in {@link VipOptions}'s order.
 */
public record Vip(String address, int prefix, boolean ipv6, String options) {
    public Vip {
        options = options == null ? "" : options;
    }

    public Vip(String address, int prefix, boolean ipv6) {
        this(address, prefix, ipv6, "");
    }

    public String cidr() {
        return address + "/" + prefix;
    }

    /** The VIP as its keepalived line and inventory entry say it: the CIDR, then its options. */
    public String entry() {
        return options.isEmpty() ? cidr() : cidr() + " " + options;
    }

    @Override
    public String toString() {
        return cidr();
    }
}
