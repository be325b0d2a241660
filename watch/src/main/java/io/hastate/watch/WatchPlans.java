package io.hastate.watch;

import io.hastate.api.Project;
import io.hastate.core.facts.Fact;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.transport.Connector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The check rounds' plans, compiled once: the inventory and states do not change while the watch runs.
 * Except a host whose grains could not be read when the watch started (it was down): what its plan chose
 * from them assumed nothing of the host (keep-configuration, where NetworkManager may own the interface
 * and want a VMAC), so it is planned again once it answers, and until then it is neither checked (its
 * drift would be the guess's) nor healed.
 */
final class WatchPlans {
    private final Project project;
    private final List<String> states;
    private final Function<String, List<Fact<?>>> observations;
    private final Map<String, HostPlan> byHost = new LinkedHashMap<>();
    private final Set<String> guessed = new HashSet<>();

    private WatchPlans(Project project, List<String> states, Function<String, List<Fact<?>>> observations) {
        this.project = project;
        this.states = List.copyOf(states);
        this.observations = observations;
    }

    /** The selected hosts' states planned, their grains read through {@code connector}. */
    static WatchPlans ofStates(Project project, List<String> hosts, List<String> states, Function<String, List<Fact<?>>> observations,
                               Connector connector) {
        WatchPlans out = new WatchPlans(project, states, observations);
        Project.Planned planned = project.planNotingUnread(hosts, states, observations, connector, 10);
        planned.plans().forEach(p -> out.byHost.put(p.host().name(), p));
        out.guessed.addAll(planned.grainsUnread());
        return out;
    }

    /** Plans that read and never change anything (a watch without states): nothing in them depends on grains. */
    static WatchPlans fixed(Project project, List<HostPlan> plans) {
        WatchPlans out = new WatchPlans(project, List.of(), h -> List.of());
        plans.forEach(p -> out.byHost.put(p.host().name(), p));
        return out;
    }

    synchronized List<HostPlan> all() {
        return List.copyOf(byHost.values());
    }

    /** The plans a check round and a heal use: those of hosts whose grains were read. */
    synchronized List<HostPlan> settled() {
        return byHost.values().stream().filter(p -> !guessed.contains(p.host().name())).toList();
    }

    synchronized Set<String> guessed() {
        return Set.copyOf(guessed);
    }

    /** Plans again each guessed host that {@code answering} holds, through {@code connector}; returns those now settled. */
    List<String> replan(Set<String> answering, Connector connector) {
        List<String> settledNow = new ArrayList<>();
        for (String host : guessed()) {
            if (!answering.contains(host)) continue;
            Project.Planned again = project.planNotingUnread(List.of(host), states, observations, connector, 1);
            if (!again.grainsUnread().isEmpty()) continue;
            synchronized (this) {
                byHost.put(host, again.plans().get(0));
                guessed.remove(host);
            }
            settledNow.add(host);
        }
        return settledNow;
    }
}
