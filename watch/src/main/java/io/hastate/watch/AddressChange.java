package io.hastate.watch;

import io.hastate.core.facts.NetAddresses.NetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code ip -o monitor address}: an address added to or deleted from a device. The kernel
 * prints it the moment the address comes or goes, so it dates a VIP's loss and return exactly, even
 * when both happen between two looks at the host.
 */
record AddressChange(boolean added, NetAddress address) {
    /** "[stamp] Deleted 2: eth0    inet 10.0.0.9/32 scope global eth0\ ..."; the stamp is optional, peer addresses are left to the looks. */
    private static final Pattern LINE = Pattern.compile(
            "^(?:\\[[^]]*] )?(Deleted )?\\d+: ([\\w.:-]+)(?:@\\S+)?\\s+inet6? ([0-9A-Fa-f.:]+)/(\\d{1,3}) (?:.* )?scope (\\w+)");

    /** The change a monitor line tells; null for any other line (keepalived's journal, a peer address). */
    static AddressChange parse(String line) {
        if (line == null) return null;
        Matcher m = LINE.matcher(line);
        if (!m.find()) return null;
        int prefix = Integer.parseInt(m.group(4));
        if (prefix > 128) return null;
        return new AddressChange(m.group(1) == null, new NetAddress(m.group(2), m.group(3), prefix, m.group(5)));
    }

    /** {@code held} after this change (an address is one per device, added again it is replaced); {@code held} itself when it changes nothing. */
    List<NetAddress> applyTo(List<NetAddress> held) {
        if (added ? held.contains(address) : held.stream().noneMatch(this::sameAddress)) return held;
        List<NetAddress> after = new ArrayList<>();
        for (NetAddress a : held) {
            if (!sameAddress(a)) after.add(a);
        }
        if (added) after.add(address);
        return List.copyOf(after);
    }

    private boolean sameAddress(NetAddress a) {
        return a.device().equals(address.device()) && a.address().equals(address.address());
    }
}
