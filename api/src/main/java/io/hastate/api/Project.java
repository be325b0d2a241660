package io.hastate.api;

import io.hastate.core.plan.HostGrains;
import io.hastate.core.plan.HostPlan;
import io.hastate.core.transport.Connector;
import io.hastate.core.facts.Fact;
import io.hastate.core.plan.Planner;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.load.StateTree;
import io.hastate.core.load.Targets;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Location;
import io.hastate.core.module.ModuleRegistry;
import io.hastate.core.module.Plugins;
import io.hastate.core.secret.InventorySecrets;
import io.hastate.core.secret.Redactor;
import io.hastate.ha.template.PairContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What hastate works from, loaded and checked: the inventory, the state tree and the state functions
 * (built-in, and the plugins of {@code --modules} folders and the inventory's {@code modules:}). A
 * Java program embeds hastate through this class and {@link Runner}, as the command does.
 */
public final class Project {
    private static final Location COMMAND_LINE = Location.COMMAND_LINE;

    private final Inventory inventory;
    private final Path statesDir;
    private final ModuleRegistry functions;

    /** Where the state tree's folder was named: --states, the inventory's states:, or neither (./states). */
    private enum StatesFrom { COMMAND_LINE, INVENTORY, DEFAULT }

    private final StatesFrom statesFrom;

    private Project(Inventory inventory, Path statesDir, StatesFrom statesFrom, ModuleRegistry functions) {
        this.inventory = inventory;
        this.statesDir = statesDir;
        this.statesFrom = statesFrom;
        this.functions = functions;
    }

    /**
     * @param statesDir   the state tree; null for the inventory's {@code states}, else ./states
     * @param pluginDirs  folders of plugin jars, besides those the inventory names
     */
    public static Project load(Path inventoryFile, Path statesDir, List<Path> pluginDirs) {
        Inventory inv = new InventoryLoader().load(inventoryFile);
        Redactor.OUTPUT.addAll(InventorySecrets.of(inv));
        List<Path> folders = new ArrayList<>(pluginDirs);
        inv.modules().forEach(m -> folders.add(Path.of(m)));
        Location where = pluginDirs.isEmpty() ? new Location(inv.source(), 0) : COMMAND_LINE;
        StatesFrom from = statesDir != null ? StatesFrom.COMMAND_LINE : inv.statesRoot() != null ? StatesFrom.INVENTORY : StatesFrom.DEFAULT;
        Path states = statesDir != null ? statesDir : inv.statesRoot() != null ? Path.of(inv.statesRoot()) : Path.of("states");
        return new Project(inv, states, from, Plugins.load(folders, where));
    }

    public Inventory inventory() {
        return inventory;
    }

    public ModuleRegistry functions() {
        return functions;
    }

    /** The hosts a {@code --limit} expression selects (all for null), or bad input naming what exists. */
    public List<String> select(String limit) {
        if (limit == null) return List.copyOf(inventory.hosts().keySet());
        if (limit.isBlank()) throw new InvalidInputException(COMMAND_LINE, "--limit", "must name at least one host, group or pair");
        java.util.Optional<List<String>> selected;
        try {
            selected = Targets.select(inventory, limit);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(COMMAND_LINE, "--limit", e.getMessage());
        }
        return selected.orElseThrow(() -> new InvalidInputException(COMMAND_LINE, "--limit",
                "'" + limit + "' matches nothing in " + inventory.source() + " (hosts: " + String.join(", ", inventory.hosts().keySet()) + ")"));
    }

    /**
     * Every selected host's compiled graph: named states, or the top file's; {@code observations} are read
     * along. Nothing is read from the hosts first: a pair's auto protection is then keep-configuration.
     */
    public List<HostPlan> plan(List<String> hosts, List<String> states, Function<String, List<Fact<?>>> observations) {
        return plan(hosts, states, observations, HostGrains.NONE);
    }

    /**
     * As above, what planning needs from the hosts read first through {@code connector} (which renderer
     * owns a pair's interface decides its auto protection), {@code forks} hosts at once.
     */
    public List<HostPlan> plan(List<String> hosts, List<String> states, Function<String, List<Fact<?>>> observations, Connector connector, int forks) {
        return plan(hosts, states, observations, new GrainReader(inventory, connector, forks));
    }

    /** Plans, and the hosts whose grains could not be read: what planning chose for them assumed nothing of the host. */
    public record Planned(List<HostPlan> plans, java.util.Set<String> grainsUnread) {}

    /** {@link #plan(List, List, Function, Connector, int)}, saying which hosts' grains were not read (a watch plans them again when they answer). */
    public Planned planNotingUnread(List<String> hosts, List<String> states, Function<String, List<Fact<?>>> observations, Connector connector, int forks) {
        GrainReader grains = new GrainReader(inventory, connector, forks);
        List<HostPlan> plans = plan(hosts, states, observations, grains);
        return new Planned(plans, grains.unread());
    }

    private List<HostPlan> plan(List<String> hosts, List<String> states, Function<String, List<Fact<?>>> observations, HostGrains grains) {
        if (!Files.isDirectory(statesDir)) {
            // Blamed on what named it: the inventory's states: is not the user's --states.
            throw switch (statesFrom) {
                case COMMAND_LINE -> new InvalidInputException(COMMAND_LINE, "--states", "state tree folder " + statesDir + " does not exist");
                case INVENTORY -> new InvalidInputException(new Location(inventory.source(), 0), "states",
                        "state tree folder " + statesDir.toAbsolutePath().normalize() + " does not exist (the inventory's states:, relative to the inventory's folder)");
                case DEFAULT -> new InvalidInputException(COMMAND_LINE, "--states", "no state tree: ./states does not exist here; give --states DIR,"
                        + " or states: in the inventory");
            };
        }
        return new Planner(functions, List.of(new PairContext())).plan(inventory, new StateTree(statesDir), states, hosts, observations, grains);
    }

    /** Whether the state tree's folder exists (a watch without states only follows the pairs). */
    public boolean hasStates() {
        return Files.isDirectory(statesDir);
    }

    /** Whether the state tree has a top file, which says which states each host gets when none are named. */
    public boolean hasTopFile() {
        return Files.isRegularFile(statesDir.resolve(io.hastate.core.load.StateTree.TOP_FILE));
    }

    /** The state tree's folder (it may not exist). */
    public Path statesDir() {
        return statesDir;
    }

    /** Plans with no states, for runs that only read (the doctor, facts). */
    public List<HostPlan> readOnly(List<String> hosts, Function<String, List<Fact<?>>> observations) {
        return Planner.readOnly(inventory, hosts, observations);
    }
}
