package io.hastate.ha.model;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.model.Names;

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

    /** Parses {@code ADDRESS/PREFIX [OPTIONS]}; the prefix defaults to 32 (IPv4) or 128 (IPv6), the options are {@link VipOptions}. */
    public static Vip parse(String text, Location where, String field) {
        String[] words = text.trim().split("\\s+");
        String addr = words[0];
        String options;
        try {
            options = VipOptions.canonical(java.util.Arrays.asList(words).subList(1, words.length));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where, field, e.getMessage() + " in '" + text.trim() + "'");
        }
        Integer prefix = null;
        int slash = addr.indexOf('/');
        if (slash >= 0) {
            String p = addr.substring(slash + 1);
            addr = addr.substring(0, slash);
            try {
                prefix = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where, field, "invalid prefix length in '" + text + "'");
            }
        }
        boolean v6 = Names.isIPv6(addr);
        if (!v6 && !Names.isIPv4(addr)) {
            throw new InvalidInputException(where, field, "'" + text + "' is not an IPv4 or IPv6 address");
        }
        int max = v6 ? 128 : 32;
        int p = prefix == null ? max : prefix;
        if (p < 1 || p > max) {
            throw new InvalidInputException(where, field, "prefix length must be 1-" + max + " in '" + text + "'");
        }
        return new Vip(addr, p, v6, options);
    }
}
