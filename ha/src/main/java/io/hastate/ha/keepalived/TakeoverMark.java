package io.hastate.ha.keepalived;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.Scope;

/**
 * A node about to take its pair's VIPs over in a handover of a pair without preemption: for those few
 * seconds its keepalived runs preempting, at {@link #PRIORITY}, so that it takes the VIPs from a live
 * holder (which keeps answering until it hears the higher priority). The handover removes the mark as
 * soon as the VIPs moved; a mark left behind (the handover was killed) shows as this node's priority in
 * the check's diff of keepalived.conf, and an apply after removing it restores the declared one.
 */
public final class TakeoverMark {
    public static final String PATH = "/etc/hastate/takeover";
    public static final int PRIORITY = 254;

    public static final Fact<Boolean> FACT = new Fact<>("hastate:takeover",
            "if [ -e " + PATH + " ]; then echo takeover; else echo none; fi",
            (out, rc) -> out.strip().equals("takeover"), Scope.path(PATH));

    private TakeoverMark() {}
}
