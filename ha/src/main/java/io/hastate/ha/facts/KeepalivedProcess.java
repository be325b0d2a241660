package io.hastate.ha.facts;

import io.hastate.core.facts.Fact;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keepalived as systemd and its journal show it: whether it runs, when its main process started (a
 * restart changes that, a reload does not) and the VRRP state one instance last entered.
 *
 * @param vrrpState MASTER, BACKUP or FAULT; STOPPED when keepalived does not run; null when unknown
 *                  (no journal line for the instance, or no right to read the journal)
 */
public record KeepalivedProcess(boolean active, long started, String vrrpState) {
    // keepalived 2.2 logs both "(NAME) Entering MASTER STATE" and "(NAME) entering FAULT state".
    private static final Pattern ENTERING = Pattern.compile("entering (master|backup|fault) state", Pattern.CASE_INSENSITIVE);

    /** keepalived as it is now, with the state {@code instance} last entered, from keepalived's journal. */
    public static Fact<KeepalivedProcess> of(String instance) {
        return new Fact<>("keepalived-process:" + instance,
                "systemctl show -p ActiveState -p ExecMainStartTimestampMonotonic keepalived.service 2>/dev/null;"
                        + " journalctl -u keepalived.service --no-pager -o cat -n 500 2>/dev/null | grep -iE 'entering (master|backup|fault) state' | tail -n 50",
                (out, rc) -> parse(out, instance));
    }

    static KeepalivedProcess parse(String out, String instance) {
        boolean active = false;
        long started = 0;
        String state = null;
        String anyState = null;
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
                if (line.contains("(" + instance + ")")) state = entered;
            }
        }
        // A host whose instance has another name: the last state any instance entered.
        if (state == null) state = anyState;
        if (!active) return new KeepalivedProcess(false, started, "STOPPED");
        return new KeepalivedProcess(true, started, state);
    }
}
