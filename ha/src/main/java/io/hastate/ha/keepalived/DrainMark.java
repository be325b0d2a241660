package io.hastate.ha.keepalived;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.Scope;

/**
 * Whether a node is drained: a file on the node itself, so that every run (check, apply, watch, another
 * controller) sees the same thing. A drained node's keepalived runs at {@link #PRIORITY}: it gives up its
 * VIPs to its peer without loss and takes them back only when undrained, yet it is still the last resort
 * if its peer fails.
 */
public final class DrainMark {
    public static final String PATH = "/etc/hastate/drained";
    public static final int PRIORITY = 1;

    public static final Fact<Boolean> FACT = new Fact<>("hastate:drained",
            "if [ -e " + PATH + " ]; then echo drained; else echo active; fi",
            (out, rc) -> out.strip().equals("drained"), Scope.path(PATH));

    private DrainMark() {}

    /** Whether {@code host} is drained, read on the host. */
    public static boolean on(io.hastate.core.transport.Connector connector, io.hastate.core.model.Host host)
            throws io.hastate.core.transport.TransportException {
        try (io.hastate.core.transport.Transport t = connector.open(host)) {
            return new io.hastate.core.facts.FactCache(t).view(java.util.List.of(FACT)).get(FACT);
        }
    }
}
