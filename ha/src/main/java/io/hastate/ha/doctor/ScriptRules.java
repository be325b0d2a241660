package io.hastate.ha.doctor;

import io.hastate.ha.keepalived.KeepalivedVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rules on the programs keepalived runs (health check scripts, notify scripts), as keepalived behaves by version. */
final class ScriptRules {
    private ScriptRules() {}

    /**
     * HA026: scripts without script security, or run as root. keepalived 2.1 runs them as root with a
     * warning, 2.2 fails its own config test (keepalived -t exits 6), 2.3 disables each such check: it
     * never fails, so it never moves the VIP. 2.3 also refuses root as the script user.
     */
    static Optional<Finding> scriptsAsRoot(String host, Rules.InterfaceView p, Evidence e) {
        List<String> runs = runLines(e.keepalivedConf());
        if (runs.isEmpty()) return Optional.empty();
        boolean security = e.confHas("enable_script_security");
        boolean rootUser = scriptUser(e.keepalivedConf()).equals("root");
        if (security && !rootUser) return Optional.empty();
        KeepalivedVersion v = e.keepalivedVersion() == null ? null : KeepalivedVersion.of(e.keepalivedVersion());
        String risk;
        if (v != null && v.atLeast("2.3.0")) {
            risk = "keepalived " + e.keepalivedVersion() + " disables each insecure check: it never fails, so it never moves the VIP";
        } else if (security) {
            risk = "scripts run as root: a script, or a directory on its path, that another user can write gives that user root";
        } else if (v != null && v.atLeast("2.2.0")) {
            risk = "keepalived " + e.keepalivedVersion() + " fails its own config test (keepalived -t exits 6), and runs the scripts as root";
        } else {
            risk = "scripts run as root: a script, or a directory on its path, that another user can write gives that user root";
        }
        return Optional.of(new Finding("HA026", "keepalived runs scripts without script security", host,
                runs.size() + " script or notify line(s), " + (security ? "script_user root" : "no enable_script_security")
                        + " in keepalived.conf (first: " + runs.get(0) + ")",
                risk,
                "enable_script_security and script_user keepalived_script in global_defs, with that user present "
                        + "(the HA tree does both when a pair declares checks or notify scripts)"));
    }

    /** HA027: a program that keepalived.conf runs cannot be found, or run, on this host. */
    static Optional<Finding> programMissing(String host, Rules.InterfaceView p, Evidence e) {
        List<String> missing = new ArrayList<>();
        List<String> processes = new ArrayList<>();
        for (Map.Entry<String, Boolean> program : e.programs().entrySet()) {
            if (program.getValue()) continue;
            if (program.getKey().startsWith("process:")) processes.add(program.getKey().substring("process:".length()));
            else missing.add(program.getKey());
        }
        if (missing.isEmpty() && processes.isEmpty()) return Optional.empty();
        List<String> seen = new ArrayList<>();
        if (!missing.isEmpty()) seen.add(String.join(", ", missing) + ": not an executable file on " + host + " (named in keepalived.conf's script or notify lines)");
        if (!processes.isEmpty()) seen.add("process check of " + String.join(", ", processes) + ": neither a program in the PATH nor running on " + host);
        return Optional.of(new Finding("HA027", "a program keepalived runs is missing", host, String.join("; ", seen),
                "a health check that cannot run fails: " + host + " loses its weight or goes FAULT while the service may be fine; "
                        + "a missing notify script does nothing, and keepalived -t does not say so",
                "install it on both nodes of the pair, executable (file.managed with mode 0755), or remove the line"));
    }

    /**
     * HA028: track_process in a container. keepalived follows processes through the kernel's process
     * events, which are sent only to the initial PID namespace; in a container the subscription is
     * refused ("Failed to set process event listen - errno 111") and every instance tracking a process
     * stays FAULT although the process runs (measured: keepalived 2.1.5, 2.2.7, 2.3.3 in systemd-nspawn).
     */
    static Optional<Finding> trackProcessInContainer(String host, Rules.InterfaceView p, Evidence e) {
        String container = e.around().container();
        if (container.isEmpty() || e.keepalivedConf() == null) return Optional.empty();
        List<String> tracked = trackProcessBlocks(e.keepalivedConf());
        if (tracked.isEmpty()) return Optional.empty();
        return Optional.of(new Finding("HA028", "track_process cannot work in a container", host,
                host + " runs in a container (" + container + "); keepalived.conf tracks process(es) with vrrp_track_process "
                        + String.join(", ", tracked),
                "the kernel sends process events to the initial PID namespace only: keepalived cannot subscribe, and each "
                        + "instance tracking these stays FAULT while the process runs, so this node never holds its VIPs",
                "check the process with a script instead: a pair check with process: NAME (hastate runs pgrep -x NAME), "
                        + "or move keepalived to a host outside a container"));
    }

    /** Names of the vrrp_track_process blocks of a keepalived.conf (bounded: the file is the host's). */
    static List<String> trackProcessBlocks(String conf) {
        List<String> out = new ArrayList<>();
        for (String line : conf.split("\n")) {
            String[] words = uncommented(line).split("\\s+");
            if (words.length >= 2 && words[0].equals("vrrp_track_process") && out.size() < 8) {
                out.add(io.hastate.core.text.Printable.asciiLine(words[1]));
            }
        }
        return out;
    }

    /** The script and notify lines of a keepalived.conf, comments removed. */
    static List<String> runLines(String conf) {
        List<String> out = new ArrayList<>();
        if (conf == null) return out;
        for (String line : conf.split("\n")) {
            String t = uncommented(line);
            String first = t.split("\\s+", 2)[0];
            if (t.contains(" ") && (first.equals("script") || first.equals("notify") || first.startsWith("notify_"))) {
                out.add(io.hastate.core.text.Printable.asciiLine(t));
            }
        }
        return out;
    }

    /** script_user's user in global_defs, or "" when not set. */
    static String scriptUser(String conf) {
        if (conf == null) return "";
        for (String line : conf.split("\n")) {
            String[] words = uncommented(line).split("\\s+");
            if (words.length >= 2 && words[0].equals("script_user")) return words[1];
        }
        return "";
    }

    private static String uncommented(String line) {
        String t = line.strip();
        int hash = t.indexOf('#');
        if (hash >= 0) t = t.substring(0, hash);
        int bang = t.indexOf('!');
        if (bang >= 0) t = t.substring(0, bang);
        return t.strip();
    }
}
