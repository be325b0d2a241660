package io.hastate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hastate.core.facts.FactCache;
import io.hastate.core.model.Inventory;
import io.hastate.core.model.Pair;
import io.hastate.core.report.ExitCodes;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.modules.doctor.Evidence;
import io.hastate.modules.doctor.Finding;
import io.hastate.modules.doctor.Rules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Read every pair member's network and keepalived facts and name the risks that make a VIP disappear. Changes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no risk found", "1:a host was unreachable", "2:risks found", "3:invalid input"})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "10", description = "Hosts examined at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Override
    public Integer call() throws Exception {
        Inventory inv = common.loadInventory();
        HostConnector connector = common.connector(inv, Duration.ofSeconds(60));
        List<String> hosts = common.hosts(inv).stream().filter(h -> inv.pairOf(h).isPresent()).toList();
        List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> unreachable = Collections.synchronizedMap(new LinkedHashMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(forks, Math.max(1, hosts.size()))));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String h : hosts) running.add(pool.submit(() -> examine(inv, connector, h, findings, unreachable)));
            for (Future<?> f : running) f.get();
        } finally {
            pool.shutdownNow();
        }
        List<Finding> sorted = findings.stream().sorted(Finding.ORDER).toList();
        print(hosts, sorted, unreachable);
        if (!unreachable.isEmpty()) return ExitCodes.FAILED;
        return sorted.isEmpty() ? ExitCodes.OK : ExitCodes.DRIFT;
    }

    private static void examine(Inventory inv, HostConnector connector, String host, List<Finding> findings, Map<String, String> unreachable) {
        Pair pair = inv.pairOf(host).orElseThrow();
        try (Transport t = connector.open(inv.host(host))) {
            var fact = Evidence.fact(pair.vrrp().iface());
            Evidence e = new FactCache(t).view(List.of(fact)).get(fact);
            findings.addAll(Rules.examine(host, Rules.PairView.of(pair.vrrp()), e));
        } catch (TransportException e) {
            unreachable.put(host, e.getMessage());
        }
    }

    private void print(List<String> hosts, List<Finding> findings, Map<String, String> unreachable) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("hosts", hosts);
            doc.put("findings", findings);
            doc.put("unreachable", unreachable);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            for (Finding f : findings) f.lines("").forEach(out::println);
            unreachable.forEach((h, why) -> out.println("UNREACHABLE  " + h + "  " + why));
            out.println(hosts.size() + " pair member(s) examined: " + findings.size() + " finding(s)"
                    + (unreachable.isEmpty() ? "" : ", " + unreachable.size() + " unreachable"));
        }
        out.flush();
    }
}
