package io.hastate.ha.status;

import io.hastate.core.engine.Engine;
import io.hastate.core.run.Mode;
import io.hastate.core.plan.Planner;
import io.hastate.core.model.Inventory;
import io.hastate.core.report.RunSummary;
import io.hastate.core.time.Waiter;
import io.hastate.core.transport.Connector;
import io.hastate.ha.model.Pair;
import io.hastate.ha.model.Pairs;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The pairs as an apply left them, read afresh from both nodes of every pair it touched: the verdict
 * check and watch give, so that an apply whose pair nobody serves does not say "ok". keepalived just
 * (re)started elects its master after about three adverts: a problem while it runs is given that long
 * (plus some) to go before it counts.
 */
public final class SettledPairs {
    static final Duration EVERY = Duration.ofMillis(500);

    private SettledPairs() {}

    public static PairSection after(Inventory inv, Collection<String> touched, Connector connector, int forks, ExecutorService workers, Waiter time) {
        List<Pair> pairs = Pairs.all(inv).values().stream().filter(p -> p.hosts().stream().anyMatch(touched::contains)).toList();
        if (pairs.isEmpty()) return PairSection.of(inv, new RunSummary());
        List<String> nodes = inv.hosts().keySet().stream().filter(h -> pairs.stream().anyMatch(p -> p.hosts().contains(h))).toList();
        int advert = pairs.stream().flatMap(p -> p.instances().stream()).mapToInt(v -> v.advertInt()).max().orElse(1);
        return time.until(() -> {
            RunSummary read = new RunSummary();
            new Engine(connector, read, forks, workers).run(Planner.readOnly(inv, nodes, h -> PairSection.observations(inv, h)), Mode.CHECK);
            return PairSection.of(inv, read);
        }, section -> section.pairs().stream().noneMatch(PairStatus::outage), settleTime(advert), EVERY);
    }

    /** Three adverts to elect, one for the preferred node to preempt, and two seconds for keepalived to start. */
    static Duration settleTime(int advertInt) {
        return Duration.ofSeconds(4L * advertInt + 2);
    }
}
