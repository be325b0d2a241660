package io.hastate.modules.network;

import io.hastate.core.facts.Fact;
import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.modules.Commands;

/**
 * How a changed networkd file is taken in. {@code networkctl reload} reconfigures the link, which
 * removes and re-adds its own address: keepalived sees its advert source vanish and fails over
 * (measured on the lab, systemd 252: ~600 ms). From systemd 251 a restart keeps every address and
 * re-reads the files without touching a link, so it is used there; older versions get the reload.
 */
final class Activation {
    static final String KEY = "activation";

    static final Fact<Integer> SYSTEMD = new Fact<>("systemd-version", "systemctl --version 2>/dev/null | awk 'NR==1{print $2}'",
            (out, rc) -> {
                try {
                    return Integer.parseInt(out.strip().replaceAll("[^0-9].*", ""));
                } catch (NumberFormatException e) {
                    return 0;
                }
            });

    private Activation() {}

    static Change change(int systemd) {
        return systemd >= 251
                ? Change.of(KEY, null, "systemctl restart systemd-networkd (systemd " + systemd + " keeps all addresses on restart)")
                : Change.of(KEY, null, "networkctl reload (systemd " + systemd + ")");
    }

    static void run(Diff diff, Transport transport) throws TransportException, ApplyException {
        String how = diff.find(KEY).map(Change::after).orElseThrow();
        Commands.run(transport, how.startsWith("systemctl restart") ? "systemctl restart systemd-networkd" : "networkctl reload");
    }
}
