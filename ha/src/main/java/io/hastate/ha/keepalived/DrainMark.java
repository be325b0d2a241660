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
}
