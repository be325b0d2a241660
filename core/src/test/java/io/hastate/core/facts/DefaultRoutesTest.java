package io.hastate.core.facts;

import io.hastate.core.facts.DefaultRoutes.DefaultRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class DefaultRoutesTest {
    @Test
    void eachGatewayOnceMultipathAndDeviceRoutesLeftOut() {
        String out = "[{\"dst\":\"default\",\"gateway\":\"10.84.0.254\",\"dev\":\"eth0\",\"protocol\":\"static\",\"flags\":[]},"
                + "{\"dst\":\"default\",\"gateway\":\"10.84.0.254\",\"dev\":\"eth0\",\"protocol\":\"dhcp\",\"metric\":1024,\"flags\":[]},"
                + "{\"dst\":\"default\",\"dev\":\"wg0\",\"scope\":\"link\",\"flags\":[]},"
                + "{\"dst\":\"default\",\"flags\":[],\"nexthops\":[{\"gateway\":\"10.0.0.1\",\"dev\":\"eth1\"},{\"gateway\":\"10.0.1.1\",\"dev\":\"eth2\"}]}]";
        assertEquals(List.of(new DefaultRoute("eth0", "10.84.0.254")), DefaultRoutes.parse(out, 0));
        assertEquals(List.of(), DefaultRoutes.parse("", 0));
        assertEquals(List.of(), DefaultRoutes.parse("[]", 1));
        assertThrows(IllegalStateException.class, () -> DefaultRoutes.parse("not json", 0));
    }
}
