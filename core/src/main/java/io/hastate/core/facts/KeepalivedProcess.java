package io.hastate.core.facts;

/** When keepalived's main process started, as systemd counts it: a restart changes it, a reload does not. */
public final class KeepalivedProcess {
    private KeepalivedProcess() {}

    /** systemd's monotonic start stamp of keepalived's main process; 0 when it is not running. */
    public static final Fact<Long> STARTED = new Fact<>("keepalived-started",
            "systemctl show -p ExecMainStartTimestampMonotonic --value keepalived.service 2>/dev/null", (out, rc) -> {
        String s = out.strip();
        if (rc != 0 || !s.matches("\\d+")) return 0L;
        return Long.parseLong(s);
    });
}
