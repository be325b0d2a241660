package io.hastate.core.plan;

import io.hastate.core.load.StateDecl;
import io.hastate.core.graph.StateGraph;
import io.hastate.core.graph.Compiler;
import io.hastate.core.load.StateTree;
import io.hastate.core.load.TopFile;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.secret.InventorySecrets;
import io.hastate.core.secret.Redactor;
import io.hastate.core.module.ArgSpec;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.facts.FactValues;
import io.hastate.core.template.HostContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds every selected host's plan before any host is contacted, so one bad file or argument
 * stops the whole run up front. States come from the names given, or from the top file.
 */
public final class Planner {
    private final ModuleRegistry registry;
    private final List<HostContext.Contributor> contributors;

    public Planner(ModuleRegistry registry) {
        this(registry, List.of());
    }

    /** {@code contributors} add template values per host (the HA module's {@code pair} and {@code peer}). */
    public Planner(ModuleRegistry registry, List<HostContext.Contributor> contributors) {
        this.contributors = List.copyOf(contributors);
        this.registry = registry;
    }

    public List<HostPlan> plan(Inventory inventory, StateTree tree, List<String> stateNames, List<String> hosts) {
        return plan(inventory, tree, stateNames, hosts, host -> List.of());
    }

    /** {@code observations}: facts a host reads along with its states and reports at the end (which VIPs it holds, say). */
    public List<HostPlan> plan(Inventory inventory, StateTree tree, List<String> stateNames, List<String> hosts,
                               java.util.function.Function<String, List<io.hastate.core.facts.Fact<?>>> observations) {
        return plan(inventory, tree, stateNames, hosts, observations, HostGrains.NONE);
    }

    /** As above, the contributors' grains read first through {@code grains}, for all hosts at once. */
    public List<HostPlan> plan(Inventory inventory, StateTree tree, List<String> stateNames, List<String> hosts,
                               java.util.function.Function<String, List<io.hastate.core.facts.Fact<?>>> observations, HostGrains grains) {
        Map<String, FactValues> read = readGrains(inventory, hosts, grains);
        Compiler compiler = new Compiler(registry, tree.root());
        Location cli = Location.COMMAND_LINE;
        TopFile top = stateNames.isEmpty() ? TopFile.read(tree.topFile(), inventory) : null;
        Map<String, List<StateDecl>> cache = new LinkedHashMap<>();
        List<HostPlan> plans = new ArrayList<>();
        for (String name : hosts) {
            List<String> names;
            Location at;
            if (top != null) {
                Map<String, Location> assigned = top.statesFor(inventory, name);
                names = new ArrayList<>(assigned.keySet());
                at = assigned.isEmpty() ? cli : assigned.values().iterator().next();
            } else {
                names = stateNames;
                at = cli;
            }
            List<StateDecl> decls = cache.computeIfAbsent(String.join(",", names), k -> tree.load(names, at));
            Map<String, Object> context = HostContext.of(inventory, name, contributors, read.getOrDefault(name, FactValues.NONE));
            StateGraph graph;
            try {
                graph = compiler.compile(decls, context);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.location(), e.field(), e.problem() + " (host " + name + ")");
            }
            List<io.hastate.core.facts.Fact<?>> observed = List.copyOf(observations.apply(name));
            Set<String> secrets = secrets(context, graph);
            String sudoVar = inventory.host(name).become().passwordVar();
            if (sudoVar != null && context.get(sudoVar) != null) secrets.add(String.valueOf(context.get(sudoVar)));
            Redactor.OUTPUT.addAll(secrets);
            plans.add(new HostPlan(inventory.host(name), graph, secrets, observed));
        }
        return plans;
    }

    private Map<String, FactValues> readGrains(Inventory inventory, List<String> hosts, HostGrains grains) {
        Map<String, List<io.hastate.core.facts.Fact<?>>> wanted = new LinkedHashMap<>();
        for (String host : hosts) {
            List<io.hastate.core.facts.Fact<?>> facts = new ArrayList<>();
            for (HostContext.Contributor c : contributors) facts.addAll(c.grains(inventory, host));
            if (!facts.isEmpty()) wanted.put(host, facts);
        }
        return wanted.isEmpty() ? Map.of() : grains.read(wanted);
    }

    /** Plans with no states: the hosts only read {@code observations} (the doctor's evidence, facts). */
    public static List<HostPlan> readOnly(Inventory inventory, List<String> hosts,
                                          java.util.function.Function<String, List<io.hastate.core.facts.Fact<?>>> observations) {
        List<HostPlan> plans = new ArrayList<>();
        for (String name : hosts) {
            plans.add(new HostPlan(inventory.host(name), StateGraph.build(List.of()), Set.of(), List.copyOf(observations.apply(name))));
        }
        return plans;
    }

    private static Set<String> secrets(Map<String, Object> context, StateGraph graph) {
        Set<String> out = new LinkedHashSet<>();
        InventorySecrets.collect(context, false, out);
        for (StateGraph.Node n : graph.ordered()) {
            for (ArgSpec spec : n.state().function().args()) {
                Object v = n.state().args().values().get(spec.name());
                if (spec.secret() && v != null) out.add(v.toString());
            }
            // Secret-named values anywhere in the arguments (an auth_pass written inline in a state).
            InventorySecrets.collect(n.state().args().values(), false, out);
        }
        return out;
    }

}
