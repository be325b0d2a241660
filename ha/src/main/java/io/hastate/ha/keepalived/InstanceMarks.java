package io.hastate.ha.keepalived;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.Scope;
import io.hastate.core.model.Names;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Marks that move one VRRP instance of an active/active pair, not the whole node: a file per instance
 * on the node, named after it. An instance drained on a node runs there at {@link DrainMark#PRIORITY}
 * (its VIPs go to the peer and stay there); an instance taken over runs preempting at
 * {@link TakeoverMark#PRIORITY} for the move only. {@code hastate undrain NODE} removes them all.
 */
public final class InstanceMarks {
    public static final String DRAINED_DIR = "/etc/hastate/drained.d";
    public static final String TAKEOVER_DIR = "/etc/hastate/takeover.d";

    /** The instances drained on the node. */
    public static final Fact<Set<String>> DRAINED = marks(DRAINED_DIR);
    /** The instances the node is taking over. */
    public static final Fact<Set<String>> TAKEOVER = marks(TAKEOVER_DIR);

    private InstanceMarks() {}

    private static Fact<Set<String>> marks(String dir) {
        return new Fact<>("hastate:" + dir, "ls -1 " + dir + " 2>/dev/null; true", (out, rc) -> names(out), Scope.path(dir));
    }

    /** The instance names listed; a file that is no instance name (someone else's) marks nothing. */
    static Set<String> names(String out) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(out.split("\n")).map(String::strip).filter(Names::isIdentifier).forEach(names::add);
        return java.util.Collections.unmodifiableSet(names);
    }
}
