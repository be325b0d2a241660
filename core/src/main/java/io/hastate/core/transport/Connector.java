package io.hastate.core.transport;

import io.hastate.core.model.Host;

/** Opens the transport for a host; an unreachable host or a refused login is a {@link TransportException}. */
public interface Connector {
    Transport open(Host host) throws TransportException;
}
