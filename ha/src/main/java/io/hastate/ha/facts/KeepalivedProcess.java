package io.hastate.ha.facts;

import io.hastate.core.facts.Fact;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keepalived as systemd and its journal show it: whether it runs, when its main process started (a
 * restart changes that, a reload does not) and the VRRP state each instance last entered.
 *
 * @param lastState  the state any instance last entered: MASTER, BACKUP or FAULT; STOPPED when keepalived
 *                   does not run; null when unknown (no journal line, or no right to read the journal)
 * @param byInstance the state each instance named in the journal last entered
 */
public record KeepalivedProcess(boolean active, long started, String lastState, Map<String, String> byInstance) {
    // keepalived 2.2 logs both "(NAME) Entering MASTER STATE" and "(NAME) entering FAULT state".
    private static final Pattern ENTERING = Pattern.compile("entering (master|backup|fault) state", Pattern.CASE_INSENSITIVE);
    private static final Pattern INSTANCE = Pattern.compile("\\(([A-Za-z0-9_.-]{1,64})\\)");

    /** keepalived as it is now, with each instance's last state from keepalived's journal. */
    public static final Fact<KeepalivedProcess> FACT = new Fact<>("keepalived-process",
            "systemctl show -p ActiveState -p ExecMainStartTimestampMonotonic keepalived.service 2>/dev/null;"
                    // Read at every look of the watch: as little of the journal as tells each instance's last state.
                    + " journalctl -u keepalived.service --no-pager -o cat -n 500 2>/dev/null | grep -iE 'entering (master|backup|fault) state' | tail -n 50",
            (out, rc) -> parse(out));

    public KeepalivedProcess {
        byInstance = Map.copyOf(byInstance);
    }

    /** A process whose instances were not told apart (one state for all). */
    public KeepalivedProcess(boolean active, long started, String lastState) {
        this(active, started, lastState, Map.of());
    }

    /**
     * The state {@code instance} last entered; where the journal names no such instance (a host whose
     * instance has another name), the state any instance last entered.
     */
    public String vrrpState(String instance) {
        if (!active) return "STOPPED";
        return byInstance.getOrDefault(instance, lastState);
    }

    static KeepalivedProcess parse(String out) {
        boolean active = false;
        long started = 0;
        String anyState = null;
        Map<String, String> byInstance = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("ActiveState=")) active = line.substring("ActiveState=".length()).strip().equals("active");
            else if (line.startsWith("ExecMainStartTimestampMonotonic=")) {
                String v = line.substring("ExecMainStartTimestampMonotonic=".length()).strip();
                if (v.matches("\\d+")) started = Long.parseLong(v);
            } else {
                Matcher m = ENTERING.matcher(line);
                if (!m.find()) continue;
                String entered = m.group(1).toUpperCase(Locale.ROOT);
                anyState = entered;
                Matcher name = INSTANCE.matcher(line);
                if (name.find() && name.start() < m.start()) byInstance.put(name.group(1), entered);
            }
        }
        if (!active) return new KeepalivedProcess(false, started, "STOPPED", Map.of());
        return new KeepalivedProcess(true, started, anyState, byInstance);
    }
}
