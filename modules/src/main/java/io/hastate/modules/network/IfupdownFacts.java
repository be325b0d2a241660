package io.hastate.modules.network;

import io.hastate.core.facts.Fact;
import io.hastate.core.transport.Shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What moving an interface from systemd-networkd to ifupdown needs to know, in one command: networkd's
 * state, the .network file that configures the interface now (its content, for the addresses), the
 * stanza hastate writes, the guard that keeps networkd away, and whether ifupdown is there.
 */
public record IfupdownFacts(boolean networkdActive, boolean networkdEnabled, String networkFile, String networkText,
                            String stanza, String guard, boolean ifupdownInstalled, boolean networkingEnabled) {

    public static Fact<IfupdownFacts> fact(String iface, String stanzaPath, String guardPath) {
        String i = Shell.quote(iface);
        String command = "echo \"active=$(systemctl is-active systemd-networkd.service 2>/dev/null)\"; "
                + "echo \"enabled=$(systemctl is-enabled systemd-networkd.service 2>/dev/null)\"; "
                + "echo \"networking=$(systemctl is-enabled networking.service 2>/dev/null)\"; "
                + "command -v ifup >/dev/null && echo ifup=yes; "
                + "f=$(networkctl status --no-pager " + i + " 2>/dev/null | sed -n 's/^ *Network File: //p'); "
                + "case \"$f\" in /*) echo \"file=$f\"; echo \"network=$(base64 -w0 \"$f\")\";; esac; "
                + "[ -f " + Shell.quote(stanzaPath) + " ] && echo \"stanza=$(base64 -w0 " + Shell.quote(stanzaPath) + ")\"; "
                + "[ -f " + Shell.quote(guardPath) + " ] && echo \"guard=$(base64 -w0 " + Shell.quote(guardPath) + ")\"; true";
        return new Fact<>("ifupdown:" + iface, command, (out, rc) -> parse(out));
    }

    static IfupdownFacts parse(String out) {
        String active = "", enabled = "", networking = "", file = null, network = null, stanza = null, guard = null;
        boolean ifup = false;
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) continue;
            String k = line.substring(0, eq);
            String v = line.substring(eq + 1).strip();
            switch (k) {
                case "active" -> active = v;
                case "enabled" -> enabled = v;
                case "networking" -> networking = v;
                case "ifup" -> ifup = true;
                case "file" -> file = v;
                case "network" -> network = decode(v);
                case "stanza" -> stanza = decode(v);
                case "guard" -> guard = decode(v);
                default -> { }
            }
        }
        return new IfupdownFacts(active.equals("active"), enabled.equals("enabled"), file, network, stanza, guard, ifup,
                networking.equals("enabled"));
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** Values of {@code key=} lines of a .network file ([Network] Address=, Gateway=, DNS=). */
    static List<String> values(String networkText, String key) {
        List<String> out = new ArrayList<>();
        if (networkText == null) return out;
        for (String line : networkText.split("\n")) {
            String t = line.strip();
            if (t.startsWith(key + "=")) {
                for (String v : t.substring(key.length() + 1).strip().split("\\s+")) if (!v.isEmpty()) out.add(v);
            }
        }
        return out;
    }
}
