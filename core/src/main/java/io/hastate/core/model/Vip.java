package io.hastate.core.model;

/** A virtual IP with its prefix length, e.g. {@code 192.168.50.10/24}. */
public record Vip(String address, int prefix, boolean ipv6) {
    public String cidr() {
        return address + "/" + prefix;
    }

    @Override
    public String toString() {
        return cidr();
    }
}
