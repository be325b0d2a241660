package io.hastate.watch;

import io.hastate.core.facts.NetAddresses.NetAddress;

import java.util.List;

/**
 * One look at a pair member: whether it could be read, its global addresses and its keepalived's VRRP
 * state (MASTER, BACKUP, FAULT, STOPPED, or null when unknown).
 */
public record NodeView(boolean reachable, List<NetAddress> addresses, String vrrpState) {
    public NodeView {
        addresses = List.copyOf(addresses);
    }

    public static final NodeView UNREACHABLE = new NodeView(false, List.of(), null);

    /** The device holding {@code vip}, or null. */
    String deviceOf(String vip) {
        return addresses.stream().filter(a -> a.address().equals(vip)).map(NetAddress::device).findFirst().orElse(null);
    }
}
