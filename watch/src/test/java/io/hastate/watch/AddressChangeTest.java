package io.hastate.watch;

import io.hastate.core.facts.NetAddresses.NetAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class AddressChangeTest {
    @Test
    void readsWhatIpMonitorPrintsForAddedAndDeletedAddresses() {
        // As printed by iproute2 6.1 (Debian 12), TZ=UTC ip -o -ts monitor address.
        assertEquals(new AddressChange(true, new NetAddress("d0", "10.9.0.1", 32, "global")),
                AddressChange.parse("[2026-12-05T12:17:37.002067] 3: d0    inet 10.9.0.1/32 scope global d0\\       valid_lft forever preferred_lft forever"));
        assertEquals(new AddressChange(false, new NetAddress("d0", "fd09::1", 128, "global")),
                AddressChange.parse("[2026-12-05T12:17:37.012242] Deleted 3: d0    inet6 fd09::1/128 scope global nodad \\       valid_lft forever preferred_lft forever"));
        assertEquals(new AddressChange(true, new NetAddress("vrrp.51", "10.9.0.2", 32, "global")),
                AddressChange.parse("4: vrrp.51    inet 10.9.0.2/32 scope global vrrp.51\\       valid_lft forever preferred_lft forever"));
        assertEquals(new AddressChange(true, new NetAddress("eth0", "10.9.0.3", 24, "global")),
                AddressChange.parse("3: eth0    inet 10.9.0.3/24 brd 10.9.0.255 scope global eth0:vip\\       valid_lft forever preferred_lft forever"));
        assertEquals("link", AddressChange.parse("2: d1    inet6 fe80::10f7:eeff:feb9:b00b/64 scope link \\       valid_lft forever").address().scope());
    }

    @Test
    void otherLinesTellNoChange() {
        assertNull(AddressChange.parse("1796104800.100 p1a Keepalived_vrrp[9]: (VI_1) Netlink reports 10.0.0.9 removed"));
        assertNull(AddressChange.parse("5: ppp0    inet 10.0.0.1 peer 10.0.0.2/32 scope global ppp0"));
        assertNull(AddressChange.parse("ready"));
        assertNull(AddressChange.parse(null));
    }

    @Test
    void appliedToWhatANodeHeldItAddsReplacesOrRemovesOneDevicesAddress() {
        NetAddress own = new NetAddress("eth0", "10.0.0.1", 24, "global");
        NetAddress vip = new NetAddress("eth0", "10.0.0.9", 32, "global");
        List<NetAddress> held = List.of(own);
        List<NetAddress> withVip = new AddressChange(true, vip).applyTo(held);
        assertEquals(List.of(own, vip), withVip);
        assertSame(withVip, new AddressChange(true, vip).applyTo(withVip), "an address added again that is already there changes nothing");
        assertEquals(List.of(own), new AddressChange(false, vip).applyTo(withVip));
        assertSame(held, new AddressChange(false, new NetAddress("eth1", "10.0.0.9", 32, "global")).applyTo(held),
                "the same address on another device is another address");
    }
}
