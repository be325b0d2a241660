package io.hastate.modules.network;

import io.hastate.core.facts.Fact;
import io.hastate.core.transport.Shell;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How systemd-networkd sees one interface: whether networkd runs, the link's SETUP state
 * (configured, unmanaged, ...), the .network file that configures it, and the content of one
 * drop-in of that file (found in the same command, since its path depends on the file).
 */
public record NetworkdLink(boolean networkdActive, String setup, String networkFile, String dropIn) {

    public boolean managed() {
        return networkdActive && networkFile != null && !setup.equals("unmanaged");
    }

    /** Where hastate keeps its drop-in for {@code networkFile}: /etc wins over netplan's /run files. */
    public static String dropInPath(String networkFile, String dropInName) {
        String base = networkFile.substring(networkFile.lastIndexOf('/') + 1);
        // The name comes from the host: it becomes part of a path hastate writes, so only a plain name will do.
        if (!base.matches("[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*\\.network")) {
            throw new IllegalStateException("networkd names '" + networkFile + "' as the interface's file; hastate writes drop-ins only for plain .network names");
        }
        return "/etc/systemd/network/" + base + ".d/" + dropInName;
    }

    public static Fact<NetworkdLink> fact(String iface, String dropInName) {
        String i = Shell.quote(iface);
        String command = "echo \"active=$(systemctl is-active systemd-networkd.service 2>/dev/null)\"; "
                + "echo \"setup=$(networkctl list --no-pager --no-legend " + i + " 2>/dev/null | awk '{print $5}')\"; "
                + "f=$(networkctl status --no-pager " + i + " 2>/dev/null | sed -n 's/^ *Network File: //p'); echo \"file=$f\"; "
                + "d=/etc/systemd/network/$(basename -- \"${f:-none}\").d/" + Shell.quote(dropInName) + "; "
                + "[ -n \"$f\" ] && [ -f \"$d\" ] && echo \"dropin=$(base64 -w0 \"$d\")\"; true";
        return new Fact<>("networkd-link:" + iface + ":" + dropInName, command, (out, rc) -> parse(out));
    }

    static NetworkdLink parse(String out) {
        String active = "";
        String setup = "";
        String file = null;
        String dropIn = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("active=")) active = line.substring(7).strip();
            if (line.startsWith("setup=")) setup = line.substring(6).strip();
            if (line.startsWith("file=")) {
                String f = line.substring(5).strip();
                file = f.isEmpty() || f.equals("n/a") ? null : f;
            }
            if (line.startsWith("dropin=")) dropIn = new String(Base64.getDecoder().decode(line.substring(7).strip()), StandardCharsets.UTF_8);
        }
        return new NetworkdLink(active.equals("active"), setup, file, dropIn);
    }
}
