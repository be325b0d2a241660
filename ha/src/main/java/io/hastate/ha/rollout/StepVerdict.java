package io.hastate.ha.rollout;

import io.hastate.core.engine.EngineEvent;

import io.hastate.core.model.Pair;
import io.hastate.core.model.PairNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What one node's step did to its pair, judged from a look before and after it: the rollout steps to
 * report, whether the pair failed, and whether the whole rollout must stop (the VIP held by both nodes,
 * or by nobody when somebody must hold it).
 */
record StepVerdict(List<EngineEvent.RolloutStep> steps, boolean pairFailed, boolean stopRollout) {

    /**
     * @param mustHold  whether a node must hold the VIP now (false only while a new pair has no master yet)
     * @param expected  the node that must hold the VIP now (a preempting pair's preferred node once both
     *                  nodes are done), or null when either may
     */
    static StepVerdict judge(Pair pair, PairNode node, PairView before, PairView after, boolean mustHold, String expected) {
        String name = pair.name();
        String host = node.host();
        if (after.holders().size() > 1 || mustHold && after.holders().isEmpty()) {
            return new StepVerdict(List.of(new EngineEvent.RolloutStep(name, "CIRCUIT BREAKER after " + host + ": VIP held by "
                    + after.describeHolders() + "; rollout stopped", true)), true, true);
        }
        List<String> unsafe = after.unsafeVips(mustHold);
        if (!unsafe.isEmpty()) {
            String who = unsafe.stream().map(v -> v + " held by " + (after.byVip().get(v).isEmpty() ? "nobody" : String.join(" and ", after.byVip().get(v)))).collect(java.util.stream.Collectors.joining(", "));
            return new StepVerdict(List.of(new EngineEvent.RolloutStep(name, "CIRCUIT BREAKER after " + host + ": " + who + "; rollout stopped", true)), true, true);
        }
        List<EngineEvent.RolloutStep> steps = new ArrayList<>();
        boolean heldIt = host.equals(before.holder());
        boolean restarted = after.restarted(host, before);
        String now = after.holder();
        String done = host + " done; VIP held by " + (now == null ? "nobody yet" : now);
        if (now != null && before.holder() != null && !now.equals(before.holder())) {
            done += " (moved from " + before.holder() + (heldIt && restarted ? ": keepalived restarted there, one failover)" : ")");
        }
        steps.add(new EngineEvent.RolloutStep(name, done, false));
        if (heldIt && restarted && pair.vrrp().preempt() && host.equals(now)) {
            String peer = pair.peerOf(host).orElseThrow().host();
            steps.add(new EngineEvent.RolloutStep(name, "keepalived restarted on " + host + " while it held the VIP: it failed over to "
                    + peer + " and " + host + " took it back (preemption), two moves; with vrrp.preempt: false a restart moves it once", false));
        }
        if (expected != null && now != null && !expected.equals(now)) {
            steps.add(new EngineEvent.RolloutStep(name, "VIP held by " + now + ", but " + expected
                    + " has the higher priority and preempts: keepalived on " + expected + " is not master (see its journal)", true));
            return new StepVerdict(steps, true, false);
        }
        return new StepVerdict(steps, false, false);
    }
}
