package io.hastate.modules.service;

import io.hastate.core.facts.Fact;
import io.hastate.core.transport.Shell;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A systemd unit as {@code systemctl show} reports it. */
public record ServiceState(String active, String unitFileState, boolean canReload) {
    private static final Set<String> ENABLED = Set.of("enabled", "enabled-runtime", "static", "alias", "indirect", "generated");

    public boolean running() {
        return active.equals("active") || active.equals("reloading");
    }

    public boolean enabled() {
        return ENABLED.contains(unitFileState);
    }

    public static String unit(String name) {
        return name.contains(".") ? name : name + ".service";
    }

    public static Fact<ServiceState> fact(String name) {
        String unit = unit(name);
        return new Fact<>("service:" + unit, "systemctl show -p LoadState,ActiveState,UnitFileState,CanReload -- " + Shell.quote(unit),
                (out, rc) -> parse(unit, out, rc));
    }

    static ServiceState parse(String unit, String out, int rc) {
        Map<String, String> props = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) props.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        if (rc != 0 || !props.containsKey("LoadState")) {
            throw new IllegalStateException("cannot read unit " + unit + " (is systemd running?): " + out.strip());
        }
        if (props.get("LoadState").equals("not-found")) throw new IllegalStateException("no unit " + unit + " on this host");
        return new ServiceState(props.getOrDefault("ActiveState", "unknown"), props.getOrDefault("UnitFileState", ""),
                "yes".equals(props.get("CanReload")));
    }
}
