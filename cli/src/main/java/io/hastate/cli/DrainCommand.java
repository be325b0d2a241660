package io.hastate.cli;

import io.hastate.ha.model.Pairs;
import io.hastate.core.model.Inventory;
import io.hastate.core.transport.TransportException;

import java.util.List;
import io.hastate.ha.handover.Handover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = {"Drain a node for maintenance: it gives its VIPs to its peer without loss, and takes them back when undrained.",
                "A mark on the node makes its keepalived run at priority 1, so it gives its",
                "VIPs to its peer without loss and takes them back only when undrained (check, apply and watch keep it drained).",
                "Refused when the peer is no ready standby."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:drained, the VIPs on the peer", "1:refused or not moved (the reason is said)", ExitCodeHelp.INVALID, ExitCodeHelp.INTERNAL})
final class DrainCommand extends PairMoveCommand {
    @Parameters(index = "0", paramLabel = "NODE", description = "The node to drain.")
    String node;

    @Option(names = "--allow-blip", description = "Where the VIPs do not move without loss, restart the node's keepalived (probes are lost).")
    boolean allowBlip;

    @Override
    Handover.Outcome move(Handover handover) throws TransportException {
        return handover.drain(node, allowBlip);
    }

    @Override
    List<String> nodes(Inventory inventory) {
        return Pairs.of(inventory, node).stream().flatMap(p -> p.nodes().stream()).map(n -> n.host()).distinct().toList();
    }
}
