package io.hastate.ha.doctor;

import io.hastate.ha.model.HealthCheck;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.ha.model.Vrrp;

import java.util.ArrayList;
import java.util.List;

/** Rules on a pair's declared health checks, judged from the inventory alone. */
final class CheckRules {
    private CheckRules() {}

    /**
     * HA025: a check whose weight cannot move the VIP. When it fails on the preferred node while the
     * peer's checks pass, the preferred node must end below the peer, or the check only decorates the
     * configuration (keepalived breaks a tie by address, which is no decision either).
     */
    static List<Finding> decorativeChecks(String host, Pair pair) {
        List<Finding> out = new ArrayList<>();
        for (Vrrp instance : pair.instances()) decorativeChecks(host, pair, instance, out);
        return out;
    }

    private static void decorativeChecks(String host, Pair pair, Vrrp instance, List<Finding> out) {
        PairNode preferred = pair.preferred(instance);
        if (!preferred.host().equals(host)) return;
        PairNode peer = pair.peerOf(host).orElseThrow();
        int own = Pair.priority(preferred, instance);
        int peers = Pair.priority(peer, instance);
        int gap = own - peers;
        String of = pair.severalInstances() ? " in instance " + instance.name() : "";
        for (HealthCheck c : instance.checks()) {
            if (c.weight() == 0) continue;                 // a failure is FAULT: the VIP moves
            int failing = clamp(own + positiveWeights(instance, c) + Math.min(c.weight(), 0));
            int peerPassing = clamp(peers + positiveWeights(instance, null));
            if (failing < peerPassing) continue;
            String enough = c.weight() < 0 ? String.valueOf(-gap - 1) + " or lower" : (gap + 1) + " or more";
            out.add(new Finding("HA025", "a health check cannot move the VIP", host,
                    "check " + c.name() + of + " (weight " + c.weight() + "): " + host + " at priority " + own + " is at "
                            + failing + " while it fails, " + peer.host() + " at " + peerPassing + " with its checks passing",
                    "the checked service can be down on " + host + " while it keeps the VIP: the check only decorates the configuration",
                    "weight " + enough + " (the priorities are " + gap + " apart), or weight 0, which puts a failing node in FAULT"));
        }
    }

    /** The sum of the instance's positive weights, all checks passing but {@code except}. */
    private static int positiveWeights(Vrrp instance, HealthCheck except) {
        int sum = 0;
        for (HealthCheck c : instance.checks()) if (c != except && c.weight() > 0) sum += c.weight();
        return sum;
    }

    /** keepalived keeps an effective priority within 1-254. */
    private static int clamp(int priority) {
        return Math.max(1, Math.min(254, priority));
    }
}
