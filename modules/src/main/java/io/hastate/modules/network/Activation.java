package io.hastate.modules.network;

import io.hastate.core.model.Change;
import io.hastate.core.model.Diff;
import io.hastate.core.module.ApplyException;
import io.hastate.core.transport.Transport;
import io.hastate.core.transport.TransportException;
import io.hastate.core.module.Commands;

/**
 * How a changed networkd file is taken in. {@code networkctl reload} reconfigures the link, which
 * removes and re-adds its own address: keepalived sees its advert source vanish and fails over
 * (measured on the lab, systemd 252: ~600 ms). From systemd 251 a restart keeps every address and
 * re-reads the files without touching a link, so it is used there; older versions get the reload.
 */
final class Activation {
    static final String KEY = "activation";

    private Activation() {}

    /** The command that takes a changed networkd file in, as check decided it. */
    record Activate(String command) implements Diff.Action {}

    /** The activation step a change on a host with this systemd needs: shown as a change, carried as an action. */
    static Diff diff(int systemd) {
        if (systemd >= 251) {
            return Diff.of("", Change.of(KEY, null, "systemctl restart systemd-networkd (systemd " + systemd + " keeps all addresses on restart)"))
                    .with(new Activate("systemctl restart systemd-networkd"));
        }
        return Diff.of("", Change.of(KEY, null, "networkctl reload (systemd " + systemd + ")")).with(new Activate("networkctl reload"));
    }

    static void run(Diff diff, Transport transport) throws TransportException, ApplyException {
        Commands.run(transport, diff.action(Activate.class).command());
    }
}
