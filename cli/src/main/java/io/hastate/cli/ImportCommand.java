package io.hastate.cli;

import io.hastate.api.PairsImport;
import io.hastate.api.Project;
import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.report.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        Path target = out == null ? null : out.toAbsolutePath().normalize();
        PrintWriter err = spec.commandLine().getErr();
        PairsImport imported = PairsImport.read(project, common.selection.inventory.toString(), target,
                common.connector(project.inventory(), Duration.ofSeconds(60), err), common.hosts(project), confPath, forks);
        for (String line : imported.report()) err.println(line.startsWith("  ") ? line : "hastate import: " + line);
        List<String> secrets = imported.writeSecrets();
        if (target == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(imported.inventoryText());
            stdout.flush();
        } else {
            imported.writeInventory(target);
            err.println("hastate import: wrote " + target + " (" + imported.pairsFound() + " pair(s))");
        }
        secrets.forEach(line -> err.println("hastate import: " + line));
        err.flush();
        return imported.everyHostRead() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
