package io.hastate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.SystemFacts;
import io.hastate.core.model.Inventory;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "facts", mixinStandardHelpOptions = true,
        description = "Show what hastate reads from each host (OS, systemd, networkd, keepalived, addresses).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:facts read from every host", "1:a host was unreachable", "3:invalid input"})
final class FactsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        Inventory inv = common.loadInventory();
        HostConnector connector = common.connector(inv, Duration.ofSeconds(60));
        Map<String, Object> all = new LinkedHashMap<>();
        int exit = ExitCodes.OK;
        for (String name : common.hosts(inv)) {
            try (Transport t = connector.open(inv.host(name))) {
                all.put(name, SystemFacts.read(new FactCache(t)));
            } catch (TransportException e) {
                all.put(name, Map.of("unreachable", e.getMessage()));
                exit = ExitCodes.FAILED;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
        } else {
            all.forEach((host, facts) -> {
                out.println("== " + host);
                ((Map<?, ?>) facts).forEach((k, v) -> {
                    String text = String.valueOf(v);
                    if (text.contains("\n")) {
                        out.println("  " + k + ":");
                        for (String line : text.split("\n")) out.println("    " + line);
                    } else {
                        out.println("  " + k + ": " + text);
                    }
                });
            });
        }
        out.flush();
        return exit;
    }
}
