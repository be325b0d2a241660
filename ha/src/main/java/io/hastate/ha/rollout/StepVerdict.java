package io.hastate.ha.rollout;

import io.hastate.ha.status.PairView;

import io.hastate.ha.model.Pair;
import io.hastate.ha.model.PairNode;
import io.hastate.ha.model.Vrrp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one node's step did to its pair, judged over all its instances from a look before and after it:
 * the rollout steps to report, whether the pair failed, and whether the whole rollout must stop (a VIP
 * held by both nodes, or by nobody when somebody must hold it).
 */
record StepVerdict(List<RolloutStep> steps, boolean pairFailed, boolean stopRollout) {

    /**
     * @param mustHold  the instances a node must hold now (all but those nobody has held yet, as in a new pair)
     * @param expected  for instances whose holder is known now (a preempting instance's elected node once
     *                  both nodes are done), that node; other instances may be held by either
     */
    static StepVerdict judge(Pair pair, PairNode node, PairView before, PairView after, Set<String> mustHold, Map<String, String> expected) {
        String name = pair.name();
        String host = node.host();
        List<String> unsafe = after.unsafeVips(mustHold::contains);
        if (!unsafe.isEmpty()) {
            Map<String, List<String>> byVip = after.byVip();
            String who = byVip.size() == 1 ? "VIP held by " + PairView.names(byVip.values().iterator().next())
                    : unsafe.stream().map(v -> v + " held by " + PairView.names(byVip.get(v))).collect(java.util.stream.Collectors.joining(", "));
            return new StepVerdict(List.of(new RolloutStep(name, RolloutStep.Kind.CIRCUIT_BREAKER, "CIRCUIT BREAKER after " + host + ": " + who + "; rollout stopped", true)), true, true);
        }
        boolean restarted = after.restarted(host, before);
        List<String> held = new ArrayList<>();
        List<RolloutStep> notes = new ArrayList<>();
        List<RolloutStep> problems = new ArrayList<>();
        for (Vrrp instance : pair.instances()) {
            String vip = pair.severalInstances() ? instance.name() : "VIP";
            String was = only(before.holdersOf(instance.name()));
            String now = only(after.holdersOf(instance.name()));
            String text = (pair.severalInstances() ? vip + " held by " : "VIP held by ") + (now == null ? "nobody yet" : now);
            boolean heldIt = host.equals(was);
            if (now != null && was != null && !now.equals(was)) {
                text += " (moved from " + was + (heldIt && restarted ? ": keepalived restarted there, one failover)" : ")");
            }
            held.add(text);
            if (heldIt && restarted && instance.preempt() && host.equals(now)) {
                String peer = pair.peerOf(host).orElseThrow().host();
                notes.add(new RolloutStep(name, RolloutStep.Kind.RESTARTED_HOLDER, "keepalived restarted on " + host + " while it held the " + vip + ": it failed over to "
                        + peer + " and " + host + " took it back (preemption), two moves; with vrrp.preempt: false a restart moves it once", false));
            }
            String want = expected.get(instance.name());
            if (want != null && now != null && !want.equals(now)) {
                problems.add(new RolloutStep(name, RolloutStep.Kind.WRONG_HOLDER, vip + " held by " + now + ", but " + want
                        + " has the higher priority and preempts: keepalived on " + want + " is not master (see its journal)", true));
            }
        }
        List<RolloutStep> steps = new ArrayList<>();
        steps.add(new RolloutStep(name, RolloutStep.Kind.NODE_DONE, host + " done; " + String.join(", ", held), false));
        steps.addAll(notes);
        steps.addAll(problems);
        return new StepVerdict(steps, !problems.isEmpty(), false);
    }

    private static String only(List<String> holders) {
        return holders.size() == 1 ? holders.get(0) : null;
    }
}
