package io.hastate.ha.model;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VipOptionsTest {
    static Vip vip(String text) {
        return Vip.parse(text, Location.NONE, "vips");
    }

    @Test
    void optionsAreKeptInOneOrderAndTheAddressStaysWhatIdentifiesTheVip() {
        Vip v = vip("10.0.0.5 label eth0:1 dev eth1 no_track scope link");
        assertEquals("10.0.0.5/32", v.cidr());
        assertEquals("dev eth1 label eth0:1 scope link no_track", v.options());
        assertEquals("10.0.0.5/32 dev eth1 label eth0:1 scope link no_track", v.entry());
        assertEquals(v, vip("10.0.0.5/32   scope link no_track dev eth1 label eth0:1"), "the same VIP written another way");
        assertEquals("eth1", VipOptions.dev(v.options()));
        assertEquals("label eth0:1 scope link no_track", VipOptions.withoutDev(v.options()));
        assertEquals("10.0.0.5/32", vip("10.0.0.5").entry());
        assertEquals("fd00::5/128 preferred_lft 0", vip("fd00::5 preferred_lft 0").entry());
    }

    @Test
    void anOptionKeepalivedDoesNotKnowOrABadValueIsBadInputNamingIt() {
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> vip("10.0.0.5 colour blue"));
        assertTrue(unknown.getMessage().contains("'colour' is not a VIP option keepalived knows"), unknown.getMessage());
        for (String bad : new String[] {"10.0.0.5 dev", "10.0.0.5 dev eth0;id", "10.0.0.5 label averyveryverylonglabel",
                "10.0.0.5 scope galaxy", "10.0.0.5 dev eth1 dev eth2", "10.0.0.5 brd x", "10.0.0.5 preferred_lft soon"}) {
            assertThrows(InvalidInputException.class, () -> vip(bad), bad);
        }
    }
}
