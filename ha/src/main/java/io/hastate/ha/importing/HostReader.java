package io.hastate.ha.importing;

import io.hastate.core.facts.Fact;
import io.hastate.core.facts.FactCache;
import io.hastate.core.facts.FactValues;
import io.hastate.core.facts.Observed;
import io.hastate.core.model.Inventory;
import io.hastate.core.transport.Connector;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.ha.doctor.Evidence;
import io.hastate.ha.keepalived.FoundInstance;
import io.hastate.ha.keepalived.FoundScript;
import io.hastate.modules.file.FileFacts;
import io.hastate.modules.file.FileState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Reads, read-only, each host's keepalived.conf and then what the doctor reads on each interface it names. */
public final class HostReader {
    private final Connector connector;
    private final Inventory inventory;
    private final String confPath;
    private final int forks;

    public HostReader(Connector connector, Inventory inventory, String confPath, int forks) {
        this.connector = connector;
        this.inventory = inventory;
        this.confPath = confPath;
        this.forks = forks;
    }

    public List<HostFindings> read(List<String> hosts) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(forks, hosts.size())));
        try {
            List<Future<HostFindings>> running = new ArrayList<>();
            for (String h : hosts) running.add(pool.submit(() -> readOne(h)));
            List<HostFindings> out = new ArrayList<>();
            for (Future<HostFindings> f : running) out.add(f.get());
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("reading the hosts failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private HostFindings readOne(String host) {
        try (Transport t = connector.open(inventory.host(host))) {
            FactCache cache = new FactCache(t);
            Fact<FileState> conf = FileFacts.withContent(confPath);
            FileState file = cache.view(List.of(conf)).get(conf);
            if (!file.exists()) return HostFindings.failed(host, "no " + confPath);
            String text = file.text();
            if (text == null) return HostFindings.failed(host, confPath + " is not text");
            List<FoundInstance> instances = FoundInstance.in(text);
            Set<String> ifaces = new LinkedHashSet<>();
            instances.stream().map(FoundInstance::iface).filter(i -> i != null && io.hastate.core.model.Names.isInterfaceName(i)).forEach(ifaces::add);
            Map<String, Evidence> byIface = new LinkedHashMap<>();
            for (String iface : ifaces) {
                FactValues values = cache.view(Evidence.facts(iface));
                Evidence.of(iface, observed(values)).ifPresent(e -> byIface.put(iface, e));
            }
            return HostFindings.of(host, inventory.host(host).address(), text, byIface);
        } catch (TransportException e) {
            return HostFindings.failed(host, "unreachable: " + e.getMessage());
        }
    }

    /** The values read, as the doctor's evidence takes them; a fact that could not be parsed is absent. */
    private static Observed observed(FactValues values) {
        return new Observed() {
            @Override
            public <T> Optional<T> get(Fact<T> fact) {
                try {
                    return Optional.ofNullable(values.get(fact));
                } catch (IllegalStateException e) {
                    return Optional.empty();
                }
            }
        };
    }
}
