package io.hastate.ha.model;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.model.Names;

/**
 * One node of a pair with its own VRRP data. {@code address}, when given, is the node's own address on
 * the pair's interface (its advert source); null means: read it from the interface on the host.
 */
public record PairNode(String host, int priority, String initialState, String address, Location location) {
    public PairNode(String host, int priority, String initialState, Location location) {
        this(host, priority, initialState, null, location);
    }

    public PairNode {
        if (address != null && !Names.isIp(address)) {
            throw new InvalidInputException(location, "address", "must be the node's IP address on the pair's interface, got '" + address + "'");
        }
        if (priority < 1 || priority > 254) {
            throw new InvalidInputException(location, "priority", "must be 1-254, got " + priority);
        }
        if (!initialState.equals("MASTER") && !initialState.equals("BACKUP")) {
            throw new InvalidInputException(location, "state", "must be MASTER or BACKUP, got " + initialState);
        }
    }
}
