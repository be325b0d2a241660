package io.hastate.api;

import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.secret.PrivateFiles;
import io.hastate.core.text.Printable;
import io.hastate.core.transport.Connector;
import io.hastate.ha.importing.HostFindings;
import io.hastate.ha.importing.HostReader;
import io.hastate.ha.importing.ImportedPair;
import io.hastate.ha.importing.PairFinder;
import io.hastate.ha.importing.PairsYaml;
import io.hastate.ha.model.Pairs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hastate import}: the pairs configured without hastate, read from their hosts (nothing on them
 * changes), and the inventory that declares them. The inventory read is kept as written with the pairs
 * after it; each auth_pass goes to a file of its own beside the inventory written, readable by its
 * owner only, never into it; an existing file is never replaced.
 */
public final class PairsImport {
    private final List<HostFindings> found;
    private final PairFinder.Result result;
    private final Map<ImportedPair.Instance, Path> secrets;
    private final String inventoryText;

    private PairsImport(List<HostFindings> found, PairFinder.Result result, Map<ImportedPair.Instance, Path> secrets, String inventoryText) {
        this.found = found;
        this.result = result;
        this.secrets = secrets;
        this.inventoryText = inventoryText;
    }

    /**
     * Reads {@code hosts}' keepalived configuration ({@code confPath}) and network setup, {@code forks} at
     * a time. {@code inventoryArg} is the inventory as given (a file, or {@code ansible:FILE});
     * {@code target} the new file to write, or null for the caller to print the inventory.
     */
    public static PairsImport read(Project project, String inventoryArg, Path target, Connector connector, List<String> hosts, String confPath, int forks) {
        Inventory inv = project.inventory();
        if (!Pairs.all(inv).isEmpty()) {
            throw new InvalidInputException(new Location(inv.source(), 0), "pairs",
                    "the inventory already declares pairs; import reads an inventory of hosts only and adds the pairs it finds");
        }
        boolean ansible = inventoryArg.startsWith(InventoryLoader.ANSIBLE_PREFIX);
        Path source = Path.of(ansible ? inventoryArg.substring(InventoryLoader.ANSIBLE_PREFIX.length()) : inventoryArg).toAbsolutePath().normalize();
        if (target != null) checkTarget(target, source, ansible);

        List<HostFindings> found = new HostReader(connector, inv, confPath, forks).read(hosts);
        Set<String> taken = new HashSet<>(inv.hosts().keySet());
        taken.addAll(inv.groups().keySet());
        PairFinder.Result result = PairFinder.find(found, taken);

        // Secrets go beside the inventory written (or, when printed, beside the one read), never into it.
        Path secretDir = (target != null ? target.getParent() : ansible ? Path.of("").toAbsolutePath() : source.getParent()).resolve("secrets");
        Map<ImportedPair.Instance, Path> secrets = new LinkedHashMap<>();
        for (ImportedPair p : result.pairs()) {
            for (ImportedPair.Instance i : p.instances()) {
                if (i.authPass() != null) secrets.put(i, secretDir.resolve(i.name() + ".auth_pass"));
            }
        }
        for (var e : secrets.entrySet()) checkSecret(e.getValue(), e.getKey().authPass());
        String pairs = PairsYaml.render(result.pairs(), i -> target != null ? "secrets/" + i.name() + ".auth_pass" : secrets.get(i).toString());
        String text = ansible ? PairsYaml.ansibleSource(source.toString()) + pairs : withPairs(read(source), pairs);
        return new PairsImport(found, result, secrets, text);
    }

    /** The inventory with the pairs found. */
    public String inventoryText() {
        return inventoryText;
    }

    public int pairsFound() {
        return result.pairs().size();
    }

    /** Whether every host could be read (the pairs found are written either way). */
    public boolean everyHostRead() {
        return found.stream().noneMatch(h -> h.problem() != null && h.problem().startsWith("unreachable"));
    }

    /** What was found, for the operator: much of it is the hosts' text, so without control characters. */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        for (ImportedPair p : result.pairs()) {
            ImportedPair.Node a = p.nodes().get(0);
            ImportedPair.Node b = p.nodes().get(1);
            lines.add(String.format("pair %s: %s (%s, %d) and %s (%s, %d), protection %s", p.name(), a.host(), a.state(), a.priority(),
                    b.host(), b.state(), b.priority(), p.protectionText()));
            for (ImportedPair.Instance i : p.instances()) {
                String priorities = i.priorities().isEmpty() ? "" : ", priorities " + String.join(", ",
                        i.priorities().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
                String verbatim = i.verbatim().isEmpty() ? "" : ", " + i.verbatim().size() + " line(s) carried as written";
                lines.add(String.format("  instance %s: VRID %d on %s, %s, %s%s%s", i.name(), i.virtualRouterId(), i.iface(), String.join(", ", i.vips()),
                        i.unicast() ? "unicast" : "multicast", priorities, verbatim));
            }
            p.syncGroups().forEach(g -> lines.add("  sync group " + g.name() + ": " + String.join(", ", g.instances())));
            lines.add("  found on " + String.join("; ", p.renderers()));
            if (p.protections().containsValue("none")) {
                boolean networkManager = p.renderers().stream().anyMatch(r -> r.substring(r.indexOf(": ") + 2).startsWith("NetworkManager "));
                lines.add(networkManager
                        ? "  nothing keeps the VIPs from NetworkManager's re-activations today: 'hastate doctor' says what that risks; vmac is the HA tree's default there"
                        : "  nothing keeps the VIPs from systemd-networkd today: 'hastate doctor' says what that risks; keep-configuration is the HA tree's default");
            }
            if (p.differences().isEmpty()) lines.add("  the HA tree's keepalived.conf means the same as the one found");
            for (String d : p.differences()) lines.add("  apply would change: " + d);
        }
        for (String note : result.notes()) lines.add("note: " + note);
        if (result.pairs().isEmpty()) lines.add("no pair found");
        return lines.stream().map(Printable::asciiLine).toList();
    }

    /** Writes each auth_pass to its own file (owner only; one already there holds the same value); says where each went. */
    public List<String> writeSecrets() {
        List<String> said = new ArrayList<>();
        secrets.forEach((instance, file) -> {
            writeSecret(file, instance.authPass());
            said.add(instance.name() + "'s auth_pass is in " + file + " (readable by its owner only)");
        });
        return said;
    }

    /** The inventory written whole, and only once it loads: a half-written or unloadable file never appears. */
    public void writeInventory(Path target) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, inventoryText, StandardCharsets.UTF_8);
                new InventoryLoader().load(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void checkTarget(Path target, Path source, boolean ansible) {
        Location cli = Location.COMMAND_LINE;
        if (Files.exists(target)) throw new InvalidInputException(cli, "--out", target + " exists; import writes a new file and never replaces one");
        if (!Files.isDirectory(target.getParent()) || !Files.isWritable(target.getParent())) {
            throw new InvalidInputException(cli, "--out", "cannot write in " + target.getParent());
        }
        if (!ansible && !target.getParent().equals(source.getParent())) {
            throw new InvalidInputException(cli, "--out", "must be in the folder of " + source.getFileName()
                    + " (its relative paths are kept as written)");
        }
    }

    /** A secret file already there must hold the same value: import never replaces one. */
    private static void checkSecret(Path file, String value) {
        if (!Files.exists(file)) return;
        try {
            if (!Files.readString(file).strip().equals(value)) {
                throw new InvalidInputException(new Location(file.toString(), 0), "auth_pass", "exists with another value; move it away first");
            }
        } catch (IOException e) {
            throw new InvalidInputException(new Location(file.toString(), 0), "auth_pass", "exists and cannot be read: " + e.getMessage());
        }
    }

    private static void writeSecret(Path file, String value) {
        try {
            if (Files.exists(file)) return;
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            PrivateFiles.write(file, value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The inventory read, unchanged, with the pairs after it: its comments and layout stay the operator's. */
    private static String withPairs(String inventory, String pairs) {
        return inventory + (inventory.endsWith("\n") ? "" : "\n") + "\n# Added by hastate import.\n" + pairs;
    }
}
