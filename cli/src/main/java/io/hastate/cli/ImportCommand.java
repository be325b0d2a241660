package io.hastate.cli;

import io.hastate.core.report.ExitCodes;
import io.hastate.ha.model.Pairs;
import io.hastate.api.Project;
import io.hastate.core.load.InventoryLoader;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.secret.PrivateFiles;
import io.hastate.core.text.Printable;
import io.hastate.ha.importing.HostFindings;
import io.hastate.ha.importing.HostReader;
import io.hastate.ha.importing.ImportedPair;
import io.hastate.ha.importing.PairFinder;
import io.hastate.ha.importing.PairsYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Write the inventory of pairs configured without hastate, read from their hosts (nothing is changed).",
                "It reads each host's keepalived.conf and network setup (read-only),",
                "recognise pairs (same VRID, interface and VIPs on two hosts) and write the inventory with those pairs.",
                "Each pair's comments say what the HA tree's apply would change in keepalived.conf's meaning, if anything."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every host read; the inventory written", "1:a host could not be read (the pairs found are written)", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the inventory here (a new file, beside the inventory read), not to stdout.")
    Path out;

    @Option(names = "--conf", paramLabel = "PATH", defaultValue = "/etc/keepalived/keepalived.conf",
            description = "keepalived's configuration on the hosts (default: ${DEFAULT-VALUE}).")
    String confPath;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10", description = "Hosts read at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Override
    public Integer call() {
        Location cli = Location.COMMAND_LINE;
        if (forks < 1 || forks > 1000) throw new InvalidInputException(cli, "--forks", "must be between 1 and 1000");
        if (!confPath.startsWith("/")) throw new InvalidInputException(cli, "--conf", "must be an absolute path on the hosts");
        Project project = common.project(null);
        Inventory inv = project.inventory();
        if (!Pairs.all(inv).isEmpty()) {
            throw new InvalidInputException(new Location(inv.source(), 0), "pairs",
                    "the inventory already declares pairs; import reads an inventory of hosts only and adds the pairs it finds");
        }
        String given = common.selection.inventory.toString();
        boolean ansible = given.startsWith(InventoryLoader.ANSIBLE_PREFIX);
        Path source = Path.of(ansible ? given.substring(InventoryLoader.ANSIBLE_PREFIX.length()) : given).toAbsolutePath().normalize();
        Path target = out == null ? null : out.toAbsolutePath().normalize();
        if (target != null) checkTarget(target, source, ansible);

        PrintWriter err = spec.commandLine().getErr();
        List<String> hosts = common.hosts(project);
        List<HostFindings> found = new HostReader(common.connector(inv, Duration.ofSeconds(60), err), inv, confPath, forks).read(hosts);
        Set<String> taken = new HashSet<>(inv.hosts().keySet());
        taken.addAll(inv.groups().keySet());
        PairFinder.Result result = PairFinder.find(found, taken);

        // Secrets go beside the inventory written (or, on stdout, beside the one read), never into it.
        Path secretDir = (target != null ? target.getParent() : ansible ? Path.of("").toAbsolutePath() : source.getParent()).resolve("secrets");
        Map<ImportedPair.Instance, Path> secrets = new LinkedHashMap<>();
        for (ImportedPair p : result.pairs()) {
            for (ImportedPair.Instance i : p.instances()) {
                if (i.authPass() != null) secrets.put(i, secretDir.resolve(i.name() + ".auth_pass"));
            }
        }
        for (var e : secrets.entrySet()) checkSecret(e.getValue(), e.getKey().authPass());
        String pairs = PairsYaml.render(result.pairs(), i -> target != null ? "secrets/" + i.name() + ".auth_pass" : secrets.get(i).toString());
        String inventoryText = ansible ? PairsYaml.ansibleSource(source.toString()) + pairs : withPairs(read(source), pairs);

        report(result, err);
        secrets.forEach((p, file) -> writeSecret(file, p.authPass()));
        if (target == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(inventoryText);
            stdout.flush();
        } else {
            writeInventory(target, inventoryText);
            err.println("hastate import: wrote " + target + " (" + result.pairs().size() + " pair(s))");
        }
        secrets.forEach((i, file) -> err.println("hastate import: " + i.name() + "'s auth_pass is in " + file + " (readable by its owner only)"));
        err.flush();
        return found.stream().anyMatch(h -> h.problem() != null && h.problem().startsWith("unreachable")) ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** What was found, for the operator; much of it is the hosts' text, so shown without control characters. */
    private static void report(PairFinder.Result result, PrintWriter err) {
        for (ImportedPair p : result.pairs()) {
            ImportedPair.Node a = p.nodes().get(0);
            ImportedPair.Node b = p.nodes().get(1);
            say(err, String.format("hastate import: pair %s: %s (%s, %d) and %s (%s, %d), protection %s", p.name(), a.host(), a.state(), a.priority(),
                    b.host(), b.state(), b.priority(), p.protectionText()));
            for (ImportedPair.Instance i : p.instances()) {
                String priorities = i.priorities().isEmpty() ? "" : ", priorities " + String.join(", ",
                        i.priorities().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
                String verbatim = i.verbatim().isEmpty() ? "" : ", " + i.verbatim().size() + " line(s) carried as written";
                say(err, String.format("  instance %s: VRID %d on %s, %s, %s%s%s", i.name(), i.virtualRouterId(), i.iface(), String.join(", ", i.vips()),
                        i.unicast() ? "unicast" : "multicast", priorities, verbatim));
            }
            p.syncGroups().forEach(g -> say(err, "  sync group " + g.name() + ": " + String.join(", ", g.instances())));
            say(err, "  found on " + String.join("; ", p.renderers()));
            if (p.protections().containsValue("none")) {
                say(err, "  nothing keeps the VIPs from systemd-networkd today: 'hastate doctor' says what that risks; keep-configuration is the HA tree's default");
            }
            if (p.differences().isEmpty()) say(err, "  the HA tree's keepalived.conf means the same as the one found");
            for (String d : p.differences()) say(err, "  apply would change: " + d);
        }
        for (String note : result.notes()) say(err, "hastate import: note: " + note);
        if (result.pairs().isEmpty()) say(err, "hastate import: no pair found");
    }

    private static void say(PrintWriter err, String line) {
        err.println(Printable.asciiLine(line));
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

    /** The inventory written whole, and only once it loads: a half-written or unloadable file never appears. */
    private static void writeInventory(Path target, String text) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                new InventoryLoader().load(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
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
